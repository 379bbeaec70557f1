/** Words for audit actions; unknown ones (added by later features) show as written. */
const labels: Record<string, string> = {
  "workspace.created": "Workspace created",
  "workspace.deleted": "Workspace deleted",
  "workspace.renamed": "Workspace renamed",
  "settings.changed": "Settings changed",
  "plan.changed": "Plan changed",
  "impersonation.started": "Started viewing as member",
  "impersonation.ended": "Stopped viewing as member",
  "impersonation.action": "Action while viewing as member",
  "member.joined": "Member joined",
  "member.removed": "Member removed",
  "member.roles_changed": "Roles changed",
  "member.manager_changed": "Manager changed",
  "member.department_changed": "Department changed",
  "member.modules_changed": "Modules changed",
  "role.created": "Role created",
  "role.updated": "Role edited",
  "role.deleted": "Role deleted",
  "module.enabled": "Module turned on",
  "module.disabled": "Module turned off",
  "department.created": "Department created",
  "department.renamed": "Department renamed",
  "department.deleted": "Department deleted",
  "invitation.created": "Invitation sent",
  "invitation.resent": "Invitation resent",
  "invitation.cancelled": "Invitation cancelled",
  "invitation.accepted": "Invitation accepted",
  "request.created": "Permission requested",
  "request.approved": "Request approved",
  "request.denied": "Request denied",
  "grant.revoked": "Grant revoked",
  "grant.ended": "Grant ended",
};

export function auditActionLabel(action: string): string {
  return labels[action] ?? action;
}
