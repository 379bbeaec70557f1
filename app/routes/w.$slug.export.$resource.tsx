/** CSV downloads for the record lists, with the list's filters and the viewer's export scope. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownloadHeaders } from "#shared/http/download";
import { load } from "../lib/calls.server";
import { listParamsFrom } from "../lib/listParams";
import { recordCalls, recordResourceNamed } from "../lib/records";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const resource = recordResourceNamed(params.resource);
  if (!resource) throw new Response("Not found", { status: 404 });
  const { query, departmentId } = listParamsFrom(new URL(request.url));
  const filters = { workspaceSlug: params.slug ?? "", query, departmentId };
  const file = await load(request, () => recordCalls(context.trpc, resource).export(filters), context.isProduction);
  return new Response(file.csv, { headers: csvDownloadHeaders(file.filename) });
}
