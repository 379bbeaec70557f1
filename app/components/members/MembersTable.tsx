/**
 * The member table with its per-row controls: roles (primary marked),
 * manager, department, modules and removal. Each control appears only when
 * the viewer may use it, by the same rules the server applies.
 */
import { useState } from "react";
import { type Access, can } from "#shared/permissions/access";
import { readError } from "../../lib/errors";
import { Time } from "../../lib/time";
import { trpc } from "../../lib/trpc";
import { ConfirmDialog } from "../Dialog";
import { Alert, Avatar, Badge, EmptyState } from "../ui";
import { mayActOn } from "./grantable";
import { ManagerDialog } from "./ManagerDialog";
import { mayGive } from "#shared/permissions/give";
import { ModulesPopover } from "./ModulesPopover";
import { RolesDialog } from "./RolesDialog";
import type { DepartmentSummary, DirectoryMember, RoleSummary } from "./types";

type Open = { kind: "roles" | "manager" | "remove"; member: DirectoryMember } | null;

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
  roles: RoleSummary[];
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
  const remove = trpc.members.remove.useMutation();
  const manages = can(access, "members.manage");

  const changeDepartment = async (member: DirectoryMember, departmentId: string) => {
    setNotice(null);
    try {
      await setDepartment.mutateAsync({ workspaceSlug, membershipId: member.membershipId, departmentId: departmentId || null });
      onChanged();
    } catch (e) {
      setNotice({ tone: "error", text: readError(e).message });
    }
  };

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
        <table className="min-w-full divide-y divide-slate-200 text-sm">
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
              return (
                <tr key={member.membershipId} data-testid="member-row" data-email={member.email} className="align-top">
                  <td className="px-4 py-3">
                    <div className="flex items-center gap-3">
                      <Avatar name={member.name} />
                      <div className="min-w-0">
                        <p className="truncate font-medium text-slate-900">
                          {member.name}
                          {member.membershipId === myMembershipId ? <span className="ml-1 text-xs font-normal text-slate-500">(you)</span> : null}
                        </p>
                        <p className="truncate text-slate-500">{member.email}</p>
                        {member.status === "removed" ? <Badge tone="red">Removed</Badge> : <Badge tone="green">Active</Badge>}
                      </div>
                    </div>
                  </td>
                  <td className="px-4 py-3">
                    <div className="flex flex-wrap items-center gap-1">
                      {member.roles.map((role) => (
                        <Badge key={role.id} tone={role.isPrimary ? "indigo" : "slate"} title={role.isPrimary ? "Primary role" : undefined}>
                          {role.isPrimary ? "★ " : ""}
                          {role.name}
                        </Badge>
                      ))}
                      {editable ? (
                        <button
                          type="button"
                          className="rounded px-1.5 py-0.5 text-xs font-medium text-indigo-700 hover:bg-indigo-50"
                          onClick={() => setOpen({ kind: "roles", member })}
                          aria-label={`Change roles of ${member.name}`}
                        >
                          Change
                        </button>
                      ) : null}
                    </div>
                  </td>
                  <td className="px-4 py-3">
                    <div className="flex flex-col items-start gap-0.5">
                      <span className="text-slate-700">{member.manager?.name ?? <span className="text-slate-400">No manager</span>}</span>
                      <span className="flex gap-2">
                        {editable ? (
                          <button type="button" className="text-xs font-medium text-indigo-700 hover:underline" onClick={() => setOpen({ kind: "manager", member })} aria-label={`Change manager of ${member.name}`}>
                            Change
                          </button>
                        ) : null}
                        {member.reportCount > 0 ? (
                          <button type="button" className="text-xs text-slate-600 hover:underline" onClick={() => onShowReports(member)}>
                            {member.reportCount} {member.reportCount === 1 ? "report" : "reports"}
                          </button>
                        ) : null}
                      </span>
                    </div>
                  </td>
                  <td className="px-4 py-3">
                    {editable ? (
                      <select
                        aria-label={`Department of ${member.name}`}
                        className="block w-40 rounded-md border-0 py-1 pl-2 pr-7 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
                        value={member.department?.id ?? ""}
                        onChange={(e) => changeDepartment(member, e.target.value)}
                      >
                        <option value="">No department</option>
                        {departments.map((d) => (
                          <option key={d.id} value={d.id}>
                            {d.name}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span className="text-slate-700">{member.department?.name ?? <span className="text-slate-400">None</span>}</span>
                    )}
                  </td>
                  <td className="hidden whitespace-nowrap px-4 py-3 text-slate-600 2xl:table-cell">
                    <Time value={member.joinedAt} style="date" />
                  </td>
                  <td className="px-4 py-3">
                    <div className="flex flex-col items-end gap-1 xl:flex-row xl:items-center xl:gap-2">
                      {member.status === "active" ? (
                        <ModulesPopover
                          workspaceSlug={workspaceSlug}
                          member={member}
                          editable={editable}
                          mayOpen={mayGive({ access, membershipId: myMembershipId }, { openModules: 1 }, [member.membershipId])}
                          onSaved={onChanged}
                          onError={(text) => setNotice({ tone: "error", text })}
                        />
                      ) : null}
                      {editable ? (
                        <button
                          type="button"
                          className="rounded-md px-2 py-1 text-sm font-medium text-red-700 hover:bg-red-50"
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
      {open?.kind === "roles" ? (
        <RolesDialog workspaceSlug={workspaceSlug} member={open.member} roles={roles} access={access} viewerMembershipId={myMembershipId} open onClose={() => setOpen(null)} onSaved={onChanged} />
      ) : null}
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
