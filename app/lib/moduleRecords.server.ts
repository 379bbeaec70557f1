/** The loader of a module's page: the resource asked for (or the first the member may read), its page of rows, departments, and the options of linked resources. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { type ModuleKey, moduleDefinitions, type RecordResource } from "#shared/permissions/catalogue";
import { recordViews } from "../components/records/views";
import { load } from "./calls.server";
import { listParamsFrom } from "./listParams";
import { recordCalls } from "./records";

export async function loadModuleRecords({ request, params, context }: LoaderFunctionArgs, module: ModuleKey) {
  const workspaceSlug = params.slug ?? "";
  const url = new URL(request.url);
  const filters = listParamsFrom(url);
  const current = await load(request, () => context.trpc.workspaces.current({ workspaceSlug }), context.isProduction);
  const mayRead = (resource: RecordResource) => current.access.modules[module] && Boolean(current.access.permissions[`${resource}.read`]);
  const resources = Object.keys(moduleDefinitions[module].resources).map((name) => `${module}.${name}` as RecordResource);
  const tabs = resources.filter(mayRead);
  const asked = resources.find((r) => r.split(".")[1] === url.searchParams.get("view"));
  // The view asked for, or the first the member may see (with none, the list's refusal becomes the page).
  const resource = asked && mayRead(asked) ? asked : (tabs[0] ?? resources[0]!);
  const linked = recordViews[resource].fields.flatMap((f) => (f.source && mayRead(f.source) ? [f.source] : []));
  const [page, departments, sources] = await Promise.all([
    load(request, () => recordCalls(context.trpc, resource).list({ workspaceSlug, ...filters, pageSize: 25 }), context.isProduction),
    load(request, () => context.trpc.departments.list({ workspaceSlug }), context.isProduction),
    Promise.all(
      linked.map(async (source) => {
        const rows = (await load(request, () => recordCalls(context.trpc, source).list({ workspaceSlug, pageSize: 100 }), context.isProduction)).rows;
        const describe = recordViews[source].describe as (row: unknown) => string;
        return [source, rows.map((row) => ({ value: row.id, label: describe(row) }))] as const;
      }),
    ),
  ]);
  return { workspaceSlug, filters, module, resource, tabs, page, departments, options: Object.fromEntries(sources) as Partial<Record<RecordResource, Array<{ value: string; label: string }>>> };
}
