/**
 * The parts of the Roles page (app/routes/w.$slug.roles.tsx): the editor for a
 * custom role and the dialog that deletes one, saying what happens to its
 * holders.
 */
import { useState } from "react";
import { isPermission, type Permission, type Scope, scopeCovers } from "#shared/permissions/catalogue";
import { isOwnerOnly, mayGive } from "#shared/permissions/give";
import { ConfirmDialog } from "../Dialog";
import { type Grants, PermissionMatrix } from "./PermissionMatrix";
import { Alert, Button, Card, TextField, ErrorAlert, ChoiceOptions } from "../ui";
import { readError } from "../../lib/errors";
import { type RouterOutputs, trpc } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";

export type Role = RouterOutputs["roles"]["list"][number];

export function grantsOf(role: Role): Grants {
  const grants: Grants = {};
  for (const g of role.grants) if (isPermission(g.permission)) grants[g.permission] = g.scope;
  return grants;
}

export function RoleEditor({ workspaceSlug, role, onDone }: { workspaceSlug: string; role: Role | null; onDone: (id?: string) => void }) {
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

/** A role as the Roles page lists it (its permissions and holders come only for the role on screen). */
export type ListedRole = Pick<Role, "id" | "name" | "builtinKey" | "holderCount">;

export function DeleteRoleDialog({ workspaceSlug, role, roles, onClose, onDeleted }: { workspaceSlug: string; role: ListedRole; roles: ListedRole[]; onClose: () => void; onDeleted: () => void }) {
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
