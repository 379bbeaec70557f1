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
import { isPermission, type Permission, type Scope, scopeCovers } from "#shared/permissions/catalogue";
import { isOwnerOnly, mayGive } from "#shared/permissions/give";
import { ConfirmDialog } from "../components/Dialog";
import { ErrorPage } from "../components/ErrorPage";
import { type Grants, PermissionMatrix } from "../components/roles/PermissionMatrix";
import { Alert, Badge, Button, Card, cx, PageHeader, TextField, ErrorAlert, ChoiceOptions } from "../components/ui";
import { load } from "../lib/calls.server";
import { readError } from "../lib/errors";
import { useLiveRefresh } from "../lib/liveRefresh";
import { type RouterOutputs, trpc } from "../lib/trpc";
import { useWorkspace } from "./w.$slug";

export const meta: MetaFunction = () => [{ title: "Roles · Team Access" }];

type Role = RouterOutputs["roles"]["list"][number];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const roles = await load(request, () => context.trpc.roles.list({ workspaceSlug }), context.isProduction);
  return json({ workspaceSlug, roles });
}

function grantsOf(role: Role): Grants {
  const grants: Grants = {};
  for (const g of role.grants) if (isPermission(g.permission)) grants[g.permission] = g.scope;
  return grants;
}

function RoleEditor({ workspaceSlug, role, onDone }: { workspaceSlug: string; role: Role | null; onDone: (id?: string) => void }) {
  const { workspace } = useWorkspace();
  const [name, setName] = useState(role?.name ?? "");
  const [description, setDescription] = useState(role?.description ?? "");
  const [grants, setGrants] = useState<Grants>(role ? grantsOf(role) : {});
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const create = trpc.roles.create.useMutation();
  const update = trpc.roles.update.useMutation();
  // The server's rule (permissions/give.ts): only what one's roles give, never owner power, and, for a
  // role one holds oneself, nothing new (that would be giving to oneself).
  const holdsThisRole = role?.holders.some((h) => h.membershipId === workspace.membershipId) ?? false;
  const mayGrant = (permission: Permission, scope: Scope) => {
    if (isOwnerOnly(permission)) return false;
    const giver = { access: workspace.access, membershipId: workspace.membershipId };
    const adds = !role?.grants.some((g) => g.permission === permission && scopeCovers(g.scope, scope));
    return mayGive(giver, { permissions: [{ permission, scope }] }, holdsThisRole && adds ? [workspace.membershipId] : []);
  };
  const save = async () => {
    setErrors({});
    setFormError(null);
    if (!name.trim()) return setErrors({ name: ["Give the role a name."] });
    const list = Object.entries(grants).map(([permission, scope]) => ({ permission, scope: scope as Scope }));
    try {
      const saved = role ? await update.mutateAsync({ workspaceSlug, roleId: role.id, name, description, grants: list }) : await create.mutateAsync({ workspaceSlug, name, description, grants: list });
      onDone(saved.id);
    } catch (e) {
      const d = readError(e);
      setErrors(d.fieldErrors);
      if (Object.keys(d.fieldErrors).length === 0) setFormError(d.message);
    }
  };
  return (
    <Card className="p-5">
      <h2 className="text-lg font-semibold text-slate-900">{role ? `Edit ${role.name}` : "New custom role"}</h2>
      <div className="mt-4 grid gap-4 sm:grid-cols-2">
        <TextField label="Role name" name="name" value={name} onChange={(e) => setName(e.target.value)} errors={errors.name} required />
        <TextField label="Description (optional)" name="description" value={description} onChange={(e) => setDescription(e.target.value)} errors={errors.description} />
      </div>
      <div className="mt-6">
        <PermissionMatrix grants={grants} onChange={setGrants} mayGrant={mayGrant} />
      </div>
      <ErrorAlert message={formError} className="mt-4" />
      {errors.grants ? (
        <Alert tone="error" className="mt-4">
          {errors.grants[0]}
        </Alert>
      ) : null}
      <div className="mt-6 flex justify-end gap-2">
        <Button variant="secondary" onClick={() => onDone()}>
          Cancel
        </Button>
        <Button onClick={save} busy={create.isPending || update.isPending}>
          {role ? "Save role" : "Create role"}
        </Button>
      </div>
    </Card>
  );
}

function DeleteRoleDialog({ workspaceSlug, role, roles, onClose, onDeleted }: { workspaceSlug: string; role: Role; roles: Role[]; onClose: () => void; onDeleted: () => void }) {
  const others = roles.filter((r) => r.id !== role.id && r.builtinKey !== "owner");
  const [action, setAction] = useState<"reassign" | "drop">("reassign");
  const [target, setTarget] = useState(others.find((r) => r.builtinKey === "member")?.id ?? others[0]?.id ?? "");
  const [error, setError] = useState<string | null>(null);
  const remove = trpc.roles.delete.useMutation();
  const held = role.holderCount > 0;
  return (
    <ConfirmDialog
      open
      onClose={onClose}
      title={`Delete the ${role.name} role?`}
      description={held ? `${role.holderCount} ${role.holderCount === 1 ? "member holds" : "members hold"} this role. Choose what happens to them.` : "No one holds this role."}
      confirmLabel="Delete role"
      busy={remove.isPending}
      error={error}
      onConfirm={async () => {
        setError(null);
        try {
          await remove.mutateAsync({ workspaceSlug, roleId: role.id, holders: held ? (action === "reassign" ? { action, roleId: target } : { action }) : undefined });
          onDeleted();
        } catch (e) {
          setError(readError(e).message);
        }
      }}
    >
      {held ? (
        <fieldset className="space-y-3 text-sm">
          <legend className="sr-only">What happens to the holders</legend>
          <label className="flex items-start gap-2">
            <input type="radio" name="holders" className="mt-0.5" checked={action === "reassign"} onChange={() => setAction("reassign")} />
            <span>
              Give them another role instead:{" "}
              <select aria-label="Role to give the holders" className="ml-1 rounded-md border-0 py-1 pl-2 pr-7 text-sm ring-1 ring-inset ring-slate-300" value={target} onChange={(e) => setTarget(e.target.value)}>
                <ChoiceOptions choices={others} />
              </select>
            </span>
          </label>
          <label className="flex items-start gap-2">
            <input type="radio" name="holders" className="mt-0.5" checked={action === "drop"} onChange={() => setAction("drop")} />
            <span>Just take this role away (only possible if each holder has another role).</span>
          </label>
        </fieldset>
      ) : null}
    </ConfirmDialog>
  );
}

export default function RolesPage() {
  const { workspaceSlug, roles } = useLoaderData<typeof loader>();
  const { workspace } = useWorkspace();
  const manages = can(workspace.access, "roles.manage");
  const [searchParams, setSearchParams] = useSearchParams();
  const refresh = useLiveRefresh(["workspace.changed", "member.changed"], { workspaceId: workspace.id });
  const [editing, setEditing] = useState<Role | "new" | null>(null);
  const [deleting, setDeleting] = useState<Role | null>(null);
  const selectedId = searchParams.get("role") ?? roles[0]?.id ?? "";
  const selected = roles.find((r) => r.id === selectedId) ?? roles[0];
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
