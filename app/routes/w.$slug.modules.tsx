/** Modules: admins turn CRM and Recruiting on or off for the whole workspace. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useRouteError } from "@remix-run/react";
import { useState } from "react";
import { can } from "#shared/permissions/access";
import { ErrorPage } from "../components/ErrorPage";
import { Badge, Button, Card, PageHeader, ErrorAlert } from "../components/ui";
import { load } from "../lib/calls.server";
import { readError } from "../lib/errors";
import { useLiveRefresh } from "../lib/liveRefresh";
import { trpc } from "../lib/trpc";
import { useWorkspace } from "./w.$slug";

export const meta: MetaFunction = () => [{ title: "Modules · Team Access" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const current = await load(request, () => context.trpc.workspaces.current({ workspaceSlug }), context.isProduction);
  if (!can(current.access, "modules.manage")) {
    throw json({ appCode: "FORBIDDEN", message: "Only people who manage modules can open this page." }, { status: 403 });
  }
  const modules = await load(request, () => context.trpc.modules.list({ workspaceSlug }), context.isProduction);
  return json({ workspaceSlug, modules });
}

export default function ModulesPage() {
  const { workspaceSlug, modules } = useLoaderData<typeof loader>();
  const { workspace } = useWorkspace();
  const refresh = useLiveRefresh(["workspace.changed"], { workspaceId: workspace.id });
  const setEnabled = trpc.modules.setEnabled.useMutation();
  const [error, setError] = useState<string | null>(null);
  const toggle = async (module: string, enabled: boolean) => {
    setError(null);
    try {
      await setEnabled.mutateAsync({ workspaceSlug, module, enabled });
      refresh();
    } catch (e) {
      setError(readError(e).message);
    }
  };
  return (
    <>
      <PageHeader title="Modules" description="A module that is off disappears for everyone. To close a module for one person, use the Modules control on their row in Members." />
      <ErrorAlert message={error} className="mb-4" />
      <div className="grid gap-4 sm:grid-cols-2">
        {modules.map((m) => (
          <Card key={m.key} className="p-5">
            <div className="flex items-start justify-between gap-3">
              <div>
                <h2 className="text-base font-semibold text-slate-900">{m.label}</h2>
                <p className="mt-1 text-sm text-slate-600">{m.description}</p>
              </div>
              <Badge tone={m.enabled ? "green" : "slate"}>{m.enabled ? "On" : "Off"}</Badge>
            </div>
            {can(workspace.access, "modules.manage") ? (
              <Button className="mt-4" variant={m.enabled ? "secondary" : "primary"} busy={setEnabled.isPending && setEnabled.variables?.module === m.key} onClick={() => toggle(m.key, !m.enabled)}>
                {m.enabled ? `Turn ${m.label} off` : `Turn ${m.label} on`}
              </Button>
            ) : null}
          </Card>
        ))}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
