import { useEffect, useState } from "react";
import type { Access } from "#shared/permissions/access";
import { readError } from "../../lib/errors";
import { trpc } from "../../lib/trpc";
import { Dialog } from "../Dialog";
import { Alert, Button } from "../ui";
import { refusalNote, roleRefusal } from "./grantable";
import type { DirectoryMember, RoleSummary } from "./types";

/**
 * Pick one or more roles and mark one primary. Roles the viewer may not give are shown but not offered.
 * The roles' grants (to ask the give rule) are loaded when the dialog opens, not sent with every Members page.
 */
export function RolesDialog({
  workspaceSlug,
  member,
  memberRoles,
  access,
  viewerMembershipId,
  open,
  onClose,
  onSaved,
}: {
  workspaceSlug: string;
  member: DirectoryMember;
  /** The member's roles by id, primary first. */
  memberRoles: Array<{ id: string; isPrimary: boolean }>;
  access: Access;
  /** The viewer's own membership: nobody but an Owner gives themselves a role. */
  viewerMembershipId: string;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [selected, setSelected] = useState<string[]>([]);
  const [primary, setPrimary] = useState<string>("");
  const [error, setError] = useState<string | null>(null);
  const save = trpc.members.setRoles.useMutation();
  // Always asked again on opening (a role may have been created or changed since).
  const listed = trpc.roles.list.useQuery({ workspaceSlug }, { enabled: open, staleTime: 0 });
  const roles: RoleSummary[] = listed.data ?? [];
  useEffect(() => {
    if (!open) return;
    setSelected(memberRoles.map((r) => r.id));
    setPrimary(memberRoles.find((r) => r.isPrimary)?.id ?? memberRoles[0]?.id ?? "");
    setError(null);
    // Once per opening (or another member); memberRoles is derived again on each render.
  }, [open, member]);

  const toggle = (roleId: string, on: boolean) => {
    const next = on ? [...selected, roleId] : selected.filter((id) => id !== roleId);
    setSelected(next);
    if (!next.includes(primary)) setPrimary(next[0] ?? "");
    if (on && next.length === 1) setPrimary(roleId);
  };

  const submit = async () => {
    setError(null);
    if (selected.length === 0) return setError("A member needs at least one role.");
    try {
      await save.mutateAsync({ workspaceSlug, membershipId: member.membershipId, roleIds: selected, primaryRoleId: primary });
      onSaved();
      onClose();
    } catch (e) {
      setError(readError(e).message);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Roles of ${member.name}`}
      description="Effective access is the union of all roles; the primary role is the one shown first."
      testId="roles-dialog"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} busy={save.isPending}>
            Save roles
          </Button>
        </>
      }
    >
      <fieldset>
        <legend className="sr-only">Roles</legend>
        {listed.isPending ? <p className="text-sm text-slate-500">Loading roles…</p> : null}
        {listed.error ? <Alert tone="error">{readError(listed.error).message}</Alert> : null}
        <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
          {roles.map((role) => {
            const held = selected.includes(role.id);
            const heldBefore = memberRoles.some((r) => r.id === role.id);
            const refusal = roleRefusal(access, viewerMembershipId, role, member.membershipId);
            // A role held already may be kept or taken away (Owner excepted: only Owners take it away).
            const disabled = refusal !== null && (!heldBefore || refusal.reason === "owner_only");
            return (
              <li key={role.id} className="flex items-center justify-between gap-3 px-3 py-2">
                <label className="flex min-w-0 items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
                    checked={held}
                    disabled={disabled}
                    aria-describedby={disabled ? `role-note-${role.id}` : undefined}
                    onChange={(e) => toggle(role.id, e.target.checked)}
                  />
                  <span className="truncate font-medium text-slate-900">{role.name}</span>
                  {disabled ? (
                    <span id={`role-note-${role.id}`} className="text-xs text-slate-500">
                      {refusal ? refusalNote(refusal) : null}
                    </span>
                  ) : null}
                </label>
                <label className="flex items-center gap-1.5 text-xs text-slate-600">
                  <input
                    type="radio"
                    name="primary-role"
                    className="h-3.5 w-3.5 border-slate-300 text-indigo-600 focus:ring-indigo-600"
                    checked={held && primary === role.id}
                    disabled={!held}
                    onChange={() => setPrimary(role.id)}
                    aria-label={`Make ${role.name} the primary role`}
                  />
                  Primary
                </label>
              </li>
            );
          })}
        </ul>
      </fieldset>
      {error ? (
        <Alert tone="error" className="mt-3">
          {error}
        </Alert>
      ) : null}
    </Dialog>
  );
}
