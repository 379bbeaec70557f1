/**
 * The member table with its per-row controls: roles (primary marked),
 * manager, department, modules and removal. Each control appears only when
 * the viewer may use it, by the same rules the server applies.
 *
 * A row is light on purpose (25 of them per page, rendered on the server):
 * its buttons open one shared dialog, the department list is written into
 * each row's select only in the browser (the server's HTML carries the
 * current value), the modules popover builds its checkboxes when opened,
 * and repeated styling is named once in app/tailwind.css (.members-table).
 */
import { type ReactNode, useCallback, useMemo, useState, useSyncExternalStore } from "react";
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
import { ModulesPopover } from "./ModulesPopover";
import { RolesDialog } from "./RolesDialog";
import type { DepartmentSummary, DirectoryMember, RoleName } from "./types";

type Open = { kind: "roles" | "manager" | "remove"; member: DirectoryMember } | null;

const noSubscription = () => () => undefined;
/** False in the server's render and while hydrating it, true in the browser after that. */
function useInBrowser(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

export function MembersTable({
  workspaceSlug,
  members,
  roles,
  departments,
  access,
  myMembershipId,
  onChanged,
  onShowReports,
}: {
  workspaceSlug: string;
  members: DirectoryMember[];
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
  const setDepartment = trpc.members.setDepartment.useMutation();
  const setModules = trpc.members.setModules.useMutation();
  const remove = trpc.members.remove.useMutation();
  const manages = can(access, "members.manage");
  const { date } = useFormat();
  const inBrowser = useInBrowser();
  const roleNames = useMemo(() => new Map(roles.map((r) => [r.id, r.name])), [roles]);
  const departmentNames = useMemo(() => new Map(departments.map((d) => [d.id, d.name])), [departments]);
  // One list of options, used by every row's select once the page runs in the browser.
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
      await setDepartment.mutateAsync({ workspaceSlug, membershipId: member.membershipId, departmentId: departmentId || null });
      onChanged();
    } catch (e) {
      setNotice({ tone: "error", text: readError(e).message });
    }
  };

  const saveModules = useCallback(
    async (member: DirectoryMember, modules: Partial<Record<ModuleKey, boolean>>) => {
      await setModules.mutateAsync({ workspaceSlug, membershipId: member.membershipId, modules });
      onChanged();
    },
    [setModules, workspaceSlug, onChanged],
  );
  const showError = useCallback((text: string) => setNotice({ tone: "error", text }), []);
  const mayOpenModules = useCallback((member: DirectoryMember) => mayGive({ access, membershipId: myMembershipId }, { openModules: 1 }, [member.membershipId]), [access, myMembershipId]);

  const confirmRemove = async () => {
    if (open?.kind !== "remove") return;
    setRemoveError(null);
    try {
      await remove.mutateAsync({ workspaceSlug, membershipId: open.member.membershipId });
      setNotice({ tone: "success", text: `${open.member.name} was removed. Their access ended immediately.` });
      setOpen(null);
      onChanged();
    } catch (e) {
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
              const editable = manages && member.status === "active" && mayActOn(access, member);
              const departmentName = member.departmentId ? (departmentNames.get(member.departmentId) ?? null) : null;
              let department: ReactNode;
              if (editable) {
                department = (
                  <select aria-label={`Department of ${member.name}`} value={member.departmentId ?? ""} onChange={(e) => changeDepartment(member, e.target.value)}>
                    {inBrowser ? departmentOptions : <option value={member.departmentId ?? ""}>{departmentName ?? "No department"}</option>}
                  </select>
                );
              } else department = departmentName ?? <span className="none">None</span>;
              return (
                <tr key={member.membershipId} data-testid="member-row" data-email={member.email}>
                  <td>
                    <div className="who">
                      <span aria-hidden="true" className={`avatar ${avatarColour(member.name)}`}>
                        {initialsOf(member.name)}
                      </span>
                      <div>
                        <p className="name">
                          {member.name}
                          {member.membershipId === myMembershipId ? <span className="ml-1 text-xs font-normal text-slate-500">(you)</span> : null}
                        </p>
                        <p className="email">{member.email}</p>
                        {member.status === "removed" ? <span className="badge badge-removed">Removed</span> : <span className="badge badge-active">Active</span>}
                      </div>
                    </div>
                  </td>
                  <td>
                    <div className="roles">
                      {member.roles.map((role) => {
                        const name = roleNames.get(role.id) ?? "Role";
                        return role.isPrimary ? (
                          <span key={role.id} className="badge badge-primary" title="Primary role">
                            {`★ ${name}`}
                          </span>
                        ) : (
                          <span key={role.id} className="badge">
                            {name}
                          </span>
                        );
                      })}
                      {editable ? (
                        <button type="button" className="change" onClick={() => setOpen({ kind: "roles", member })} aria-label={`Change roles of ${member.name}`}>
                          Change
                        </button>
                      ) : null}
                    </div>
                  </td>
                  <td>
                    <div className="manager">
                      <span>{member.manager?.name ?? <span className="none">No manager</span>}</span>
                      <span>
                        {editable ? (
                          <button type="button" className="change" onClick={() => setOpen({ kind: "manager", member })} aria-label={`Change manager of ${member.name}`}>
                            Change
                          </button>
                        ) : null}
                        {member.reportCount > 0 ? (
                          <button type="button" className="reports" onClick={() => onShowReports(member)}>
                            {`${member.reportCount} ${member.reportCount === 1 ? "report" : "reports"}`}
                          </button>
                        ) : null}
                      </span>
                    </div>
                  </td>
                  <td className="department">{department}</td>
                  <td className="joined">
                    <time dateTime={member.joinedAt} suppressHydrationWarning>
                      {date(member.joinedAt, "date")}
                    </time>
                  </td>
                  <td>
                    <div className="actions">
                      {member.status === "active" ? <ModulesPopover member={member} editable={editable} mayOpen={mayOpenModules} save={saveModules} onError={showError} /> : null}
                      {editable ? (
                        <button
                          type="button"
                          className="remove"
                          onClick={() => {
                            setRemoveError(null);
                            setOpen({ kind: "remove", member });
                          }}
                        >
                          Remove
                        </button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {open?.kind === "roles" ? <RolesDialog workspaceSlug={workspaceSlug} member={open.member} access={access} viewerMembershipId={myMembershipId} open onClose={() => setOpen(null)} onSaved={onChanged} /> : null}
      {open?.kind === "manager" ? <ManagerDialog workspaceSlug={workspaceSlug} member={open.member} open onClose={() => setOpen(null)} onSaved={onChanged} /> : null}
      <ConfirmDialog
        open={open?.kind === "remove"}
        onClose={() => setOpen(null)}
        onConfirm={confirmRemove}
        title={open?.kind === "remove" ? `Remove ${open.member.name}?` : "Remove member?"}
        description={
          open?.kind === "remove"
            ? `${open.member.name} will lose access to this workspace immediately, including any page they have open. Their records stay, and anyone who reports to them will report to ${open.member.manager?.name ?? "no one"} instead.`
            : ""
        }
        confirmLabel="Remove member"
        busy={remove.isPending}
        error={removeError}
      />
    </>
  );
}
