/**
 * Roles: the five built-in roles (read-only) and the workspace's custom
 * roles, each as a permission × scope matrix, with who holds it. Admins
 * create, edit and delete custom roles; deleting a held role asks what
 * happens to its holders.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useRouteError, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { can } from "#shared/permissions/access";
import { ErrorPage } from "../components/ErrorPage";
import { PermissionMatrix } from "../components/roles/PermissionMatrix";
import { Badge, Button, Card, cx, PageHeader } from "../components/ui";
import { load } from "../lib/calls.server";
import { useLiveRefresh } from "../lib/liveRefresh";
import { useWorkspace } from "./w.$slug";
import { DeleteRoleDialog, grantsOf, type Role, RoleEditor } from "../components/roles/RoleEditor";

export const meta: MetaFunction = () => [{ title: "Roles · Team Access" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const all = await load(request, () => context.trpc.roles.list({ workspaceSlug }), context.isProduction);
  // The page shows one role's permissions and holders (the URL's, else the first); the list needs only names and counts.
  // Choosing another role changes the URL, which loads this again.
  const chosen = new URL(request.url).searchParams.get("role");
  const selected = all.find((r) => r.id === chosen) ?? all[0] ?? null;
  const roles = all.map(({ id, name, builtinKey, holderCount }) => ({ id, name, builtinKey, holderCount }));
  return json({ workspaceSlug, roles, selected });
}

export default function RolesPage() {
  const { workspaceSlug, roles, selected } = useLoaderData<typeof loader>();
  const { workspace } = useWorkspace();
  const manages = can(workspace.access, "roles.manage");
  const [, setSearchParams] = useSearchParams();
  const refresh = useLiveRefresh(["workspace.changed", "member.changed"], { workspaceId: workspace.id });
  const [editing, setEditing] = useState<Role | "new" | null>(null);
  const [deleting, setDeleting] = useState<Role | null>(null);
  const select = (id: string) => setSearchParams({ role: id }, { replace: true, preventScrollReset: true });

  return (
    <>
      <PageHeader
        title="Roles"
        description="What each role allows. Members can hold several roles; they get the union, with the widest scope winning."
        actions={manages && !editing ? <Button onClick={() => setEditing("new")}>New custom role</Button> : null}
      />
      {editing ? (
        <RoleEditor
          key={editing === "new" ? "new" : editing.id}
          workspaceSlug={workspaceSlug}
          role={editing === "new" ? null : editing}
          onDone={(id) => {
            setEditing(null);
            refresh();
            if (id) select(id);
          }}
        />
      ) : (
        <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
          <nav aria-label="Roles">
            <ul className="space-y-1">
              {roles.map((role) => (
                <li key={role.id}>
                  <button
                    type="button"
                    onClick={() => select(role.id)}
                    aria-current={selected?.id === role.id ? "true" : undefined}
                    className={cx(
                      "flex w-full items-center justify-between gap-2 rounded-md px-3 py-2 text-left text-sm",
                      selected?.id === role.id ? "bg-indigo-50 font-semibold text-indigo-700" : "text-slate-700 hover:bg-slate-100",
                    )}
                  >
                    <span className="truncate">{role.name}</span>
                    <span className="flex items-center gap-1">
                      {role.builtinKey ? <Badge>Built-in</Badge> : <Badge tone="amber">Custom</Badge>}
                      <span className="text-xs text-slate-500" title="Members holding this role">
                        {role.holderCount}
                      </span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          {selected ? (
            <Card className="p-5">
              <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
                <div>
                  <h2 className="text-lg font-semibold text-slate-900">{selected.name}</h2>
                  <p className="mt-1 text-sm text-slate-600">{selected.description || "No description."}</p>
                  {selected.builtinKey ? <p className="mt-1 text-xs text-slate-500">Built-in roles can't be edited or deleted.</p> : null}
                </div>
                {manages && !selected.builtinKey ? (
                  <div className="flex gap-2">
                    <Button variant="secondary" onClick={() => setEditing(selected)}>
                      Edit
                    </Button>
                    <Button variant="danger" onClick={() => setDeleting(selected)}>
                      Delete
                    </Button>
                  </div>
                ) : null}
              </div>
              <div className="mt-6">
                <PermissionMatrix grants={grantsOf(selected)} />
              </div>
              <section className="mt-6">
                <h3 className="text-sm font-semibold text-slate-900">Who holds it ({selected.holderCount})</h3>
                {selected.holders.length === 0 ? (
                  <p className="mt-2 text-sm text-slate-500">No one holds this role.</p>
                ) : (
                  <ul className="mt-2 flex flex-wrap gap-2" data-testid="role-holders">
                    {selected.holders.map((h) => (
                      <li key={h.membershipId}>
                        <Badge tone={h.isPrimary ? "indigo" : "slate"} title={h.isPrimary ? "Primary role" : undefined}>
                          {h.name}
                        </Badge>
                      </li>
                    ))}
                    {selected.holderCount > selected.holders.length ? <li className="text-sm text-slate-500">and {selected.holderCount - selected.holders.length} more</li> : null}
                  </ul>
                )}
              </section>
            </Card>
          ) : null}
        </div>
      )}
      {deleting ? (
        <DeleteRoleDialog
          workspaceSlug={workspaceSlug}
          role={deleting}
          roles={roles}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            setSearchParams({}, { replace: true });
            refresh();
          }}
        />
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
