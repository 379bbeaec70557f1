/**
 * The member table: who, roles (primary marked), manager, department, joined,
 * and one "Actions" button per row whose panel holds the row's controls
 * (roles, manager, department, modules, removal; MemberActions.tsx). Each
 * control appears only when the viewer may use it, by the same rules the
 * server applies.
 *
 * A row is light on purpose (25 of them per page, rendered on the server):
 * the controls exist only while a row's panel is open, the dialogs are
 * shared, and repeated styling is named once in app/tailwind.css
 * (.members-table).
 */
import { useCallback, useMemo, useState } from "react";
import { type Access, can } from "#shared/permissions/access";
import type { ModuleKey } from "#shared/permissions/catalogue";
import { mayGive } from "#shared/permissions/give";
import { readError } from "../../lib/errors";
import { useFormat } from "../../lib/time";
import { trpc } from "../../lib/trpc";
import { ConfirmDialog } from "../Dialog";
import { Alert, EmptyState, avatarColour, initialsOf } from "../ui";
import { mayActOn } from "./grantable";
import { ManagerDialog } from "./ManagerDialog";
import { MemberActions } from "./MemberActions";
import { RolesDialog } from "./RolesDialog";
import type { DepartmentSummary, DirectoryMember, RoleName } from "./types";

type Open = { kind: "roles" | "manager" | "remove"; member: DirectoryMember } | null;

export function MembersTable({
  workspaceSlug,
  members,
  roles,
  departments,
  status,
  access,
  myMembershipId,
  onChanged,
  onShowReports,
}: {
  workspaceSlug: string;
  members: DirectoryMember[];
  /** The page's status filter: every row's status. */
  status: "active" | "removed";
  roles: RoleName[];
  departments: DepartmentSummary[];
  access: Access;
  myMembershipId: string;
  onChanged: () => void;
  onShowReports: (member: DirectoryMember) => void;
}) {
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  // The row controls' calls, through the plain client: a mutation hook each cost the server's render an observer
  // apiece for controls that exist only once a row's panel is open.
  const { client } = trpc.useUtils();
  const [removing, setRemoving] = useState(false);
  const manages = can(access, "members.manage");
  const { date } = useFormat();
  // The row whose actions panel is open (one at a time).
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const roleIds = useMemo(() => new Map(roles.map((r) => [r.name, r.id])), [roles]);
  const departmentIds = useMemo(() => new Map(departments.map((d) => [d.name, d.id])), [departments]);
  // One list of options, for the department select of the row whose panel is open.
  const departmentOptions = useMemo(
    () => [
      <option key="" value="">
        No department
      </option>,
      ...departments.map((d) => (
        <option key={d.id} value={d.id}>
          {d.name}
        </option>
      )),
    ],
    [departments],
  );

  const changeDepartment = async (member: DirectoryMember, departmentId: string) => {
    setNotice(null);
    try {
      await client.members.setDepartment.mutate({ workspaceSlug, membershipId: member.membershipId, departmentId: departmentId || null });
      onChanged();
    } catch (e) {
      setNotice({ tone: "error", text: readError(e).message });
    }
  };

  const saveModules = useCallback(
    async (member: DirectoryMember, modules: Partial<Record<ModuleKey, boolean>>) => {
      await client.members.setModules.mutate({ workspaceSlug, membershipId: member.membershipId, modules });
      onChanged();
    },
    [client, workspaceSlug, onChanged],
  );
  const showError = useCallback((text: string) => setNotice({ tone: "error", text }), []);
  const mayOpenModules = useCallback((member: DirectoryMember) => mayGive({ access, membershipId: myMembershipId }, { openModules: 1 }, [member.membershipId]), [access, myMembershipId]);

  // A dialog opened from a row's panel closes the panel.
  const openDialog = (next: Open) => {
    setMenuFor(null);
    setOpen(next);
  };

  const confirmRemove = async () => {
    if (open?.kind !== "remove") return;
    setRemoveError(null);
    setRemoving(true);
    try {
      await client.members.remove.mutate({ workspaceSlug, membershipId: open.member.membershipId });
      setRemoving(false);
      setNotice({ tone: "success", text: `${open.member.name} was removed. Their access ended immediately.` });
      setOpen(null);
      onChanged();
    } catch (e) {
      setRemoving(false);
      setRemoveError(readError(e).message);
    }
  };

  if (members.length === 0) return <EmptyState title="No one matches">Try another search or clear the filters.</EmptyState>;

  return (
    <>
      {notice ? (
        <Alert tone={notice.tone} className="m-4">
          {notice.text}
        </Alert>
      ) : null}
      <div className="relative overflow-x-auto">
        <table className="members-table min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-3">
                Name
              </th>
              <th scope="col" className="px-4 py-3">
                Roles
              </th>
              <th scope="col" className="px-4 py-3">
                Manager
              </th>
              <th scope="col" className="px-4 py-3">
                Department
              </th>
              <th scope="col" className="hidden px-4 py-3 2xl:table-cell">
                Joined
              </th>
              <th scope="col" className="px-4 py-3">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.map((member) => {
              const editable = manages && status === "active" && mayActOn(access, member);
              return (
                <tr key={member.membershipId} data-testid="member-row" data-email={member.email}>
                  <td className="who">
                    <span aria-hidden="true" className={`avatar ${avatarColour(member.name)}`}>
                      {initialsOf(member.name)}
                    </span>
                    <p className="name">
                      {member.name}
                      {member.membershipId === myMembershipId ? <span className="you">(you)</span> : null}
                    </p>
                    <p className="email">{member.email}</p>
                    {status === "removed" ? <span className="badge badge-red">Removed</span> : <span className="badge badge-green">Active</span>}
                  </td>
                  <td>
                    {member.roles.map((role) =>
                      role.isPrimary ? (
                        <span key={role.name} className="badge badge-indigo">
                          {`★ ${role.name}`}
                        </span>
                      ) : (
                        <span key={role.name} className="badge">
                          {role.name}
                        </span>
                      ),
                    )}
                  </td>
                  <td>
                    {member.manager ?? <span className="none">No manager</span>}
                    {member.reportCount ? (
                      <button type="button" className="reports" onClick={() => onShowReports(member)}>
                        {`${member.reportCount} ${member.reportCount === 1 ? "report" : "reports"}`}
                      </button>
                    ) : null}
                  </td>
                  <td>{member.department ?? <span className="none">None</span>}</td>
                  <td className="joined">
                    <time dateTime={member.joinedAt} suppressHydrationWarning>
                      {date(member.joinedAt, "date")}
                    </time>
                  </td>
                  <td>
                    {status === "active" ? (
                      <MemberActions
                        member={member}
                        open={menuFor === member.membershipId}
                        onToggle={(show) => setMenuFor((current) => (show ? member.membershipId : current === member.membershipId ? null : current))}
                        editable={editable}
                        departmentId={member.department ? (departmentIds.get(member.department) ?? "") : ""}
                        departmentOptions={departmentOptions}
                        onDepartment={(departmentId) => void changeDepartment(member, departmentId)}
                        onRoles={() => openDialog({ kind: "roles", member })}
                        onManager={() => openDialog({ kind: "manager", member })}
                        onRemove={() => {
                          setRemoveError(null);
                          openDialog({ kind: "remove", member });
                        }}
                        mayOpenModules={mayOpenModules}
                        saveModules={saveModules}
                        onError={showError}
                      />
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {open?.kind === "roles" ? (
        <RolesDialog
          workspaceSlug={workspaceSlug}
          member={open.member}
          memberRoles={open.member.roles.map((r) => ({ id: roleIds.get(r.name) ?? "", isPrimary: r.isPrimary }))}
          access={access}
          viewerMembershipId={myMembershipId}
          open
          onClose={() => setOpen(null)}
          onSaved={onChanged}
        />
      ) : null}
      {open?.kind === "manager" ? <ManagerDialog workspaceSlug={workspaceSlug} member={open.member} open onClose={() => setOpen(null)} onSaved={onChanged} /> : null}
      <ConfirmDialog
        open={open?.kind === "remove"}
        onClose={() => setOpen(null)}
        onConfirm={confirmRemove}
        title={open?.kind === "remove" ? `Remove ${open.member.name}?` : "Remove member?"}
        description={
          open?.kind === "remove"
            ? `${open.member.name} will lose access to this workspace immediately, including any page they have open. Their records stay, and anyone who reports to them will report to ${open.member.manager ?? "no one"} instead.`
            : ""
        }
        confirmLabel="Remove member"
        busy={removing}
        error={removeError}
      />
    </>
  );
}
