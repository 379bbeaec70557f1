/**
 * The workspace navigation, decided by the same access object the server
 * checks: an entry appears only when its page would let the member in.
 */
import { can, isOwner, type Access } from "../../server/permissions/access";

export interface NavItem {
  to: string;
  label: string;
  icon: "members" | "crm" | "recruiting" | "roles" | "settings" | "reports" | "requests" | "audit" | "billing" | "departments" | "modules" | "view" | "bell";
}

export function navigationFor(slug: string, access: Access): NavItem[] {
  const base = `/w/${slug}`;
  const items: Array<NavItem & { visible: boolean }> = [
    { to: `${base}/members`, label: "Members", icon: "members", visible: can(access, "members.view") },
    { to: `${base}/crm`, label: "CRM", icon: "crm", visible: can(access, "crm.contacts.read") },
    {
      to: `${base}/recruiting`,
      label: "Recruiting",
      icon: "recruiting",
      visible: can(access, "recruiting.jobs.read") || can(access, "recruiting.candidates.read"),
    },
    { to: `${base}/roles`, label: "Roles", icon: "roles", visible: can(access, "members.view") },
    { to: `${base}/departments`, label: "Departments", icon: "departments", visible: can(access, "members.view") },
    { to: `${base}/reports/departments`, label: "Department report", icon: "reports", visible: can(access, "members.view") },
    { to: `${base}/modules`, label: "Modules", icon: "modules", visible: can(access, "modules.manage") },
    { to: `${base}/requests`, label: "Access requests", icon: "requests", visible: true },
    { to: `${base}/settings/requests`, label: "Permission requests", icon: "requests", visible: can(access, "requests.approve") },
    // Owner powers (feature/owner)
    { to: `${base}/view-as`, label: "View as member", icon: "view", visible: can(access, "members.impersonate") && isOwner(access) },
    { to: `${base}/settings/audit`, label: "Audit Log", icon: "audit", visible: can(access, "audit.view") },
    { to: `${base}/settings/billing`, label: "Billing", icon: "billing", visible: can(access, "billing.manage") && isOwner(access) },
    { to: `${base}/account`, label: "Your settings", icon: "settings", visible: true },
  ];
  return items.filter((i) => i.visible).map(({ visible: _visible, ...item }) => item);
}
