/**
 * The workspace navigation, decided by the same access object the server
 * checks: an entry appears only when its page would let the member in.
 */
import { can, type Access } from "#shared/permissions/access";
import { holdsOwnerPower } from "#shared/permissions/give";

export type NavSection = "Workspace" | "Administration" | "You";

export interface NavItem {
  to: string;
  label: string;
  section: NavSection;
  icon: "members" | "crm" | "recruiting" | "roles" | "settings" | "reports" | "requests" | "audit" | "billing" | "departments" | "modules" | "view" | "bell";
}

export function navigationFor(slug: string, access: Access): NavItem[] {
  const base = `/w/${slug}`;
  const items: Array<NavItem & { visible: boolean }> = [
    { to: `${base}/members`, label: "Members", section: "Workspace", icon: "members", visible: can(access, "members.view") },
    { to: `${base}/crm`, label: "CRM", section: "Workspace", icon: "crm", visible: can(access, "crm.contacts.read") },
    {
      to: `${base}/recruiting`,
      label: "Recruiting",
      section: "Workspace",
      icon: "recruiting",
      visible: can(access, "recruiting.jobs.read") || can(access, "recruiting.candidates.read"),
    },
    { to: `${base}/roles`, label: "Roles", section: "Administration", icon: "roles", visible: can(access, "members.view") },
    { to: `${base}/departments`, label: "Departments", section: "Administration", icon: "departments", visible: can(access, "members.view") },
    { to: `${base}/reports/departments`, label: "Department report", section: "Administration", icon: "reports", visible: can(access, "members.view") },
    { to: `${base}/modules`, label: "Modules", section: "Administration", icon: "modules", visible: can(access, "modules.manage") },
    { to: `${base}/requests`, label: "My access requests", section: "You", icon: "requests", visible: true },
    { to: `${base}/settings/invite-links`, label: "Invite links", section: "Administration", icon: "members", visible: can(access, "members.invite") },
    { to: `${base}/settings/domains`, label: "Verified domains", section: "Administration", icon: "settings", visible: can(access, "members.invite") },
    { to: `${base}/settings/requests`, label: "Permission requests", section: "Administration", icon: "requests", visible: can(access, "requests.approve") },
    // Owner powers (feature/owner)
    { to: `${base}/view-as`, label: "View as member", section: "Administration", icon: "view", visible: holdsOwnerPower(access, "members.impersonate") },
    { to: `${base}/settings/audit`, label: "Audit Log", section: "Administration", icon: "audit", visible: can(access, "audit.view") },
    { to: `${base}/settings/billing`, label: "Billing", section: "Administration", icon: "billing", visible: holdsOwnerPower(access, "billing.manage") },
    { to: `${base}/account`, label: "Your settings", section: "You", icon: "settings", visible: true },
  ];
  return items.filter((i) => i.visible).map(({ visible: _visible, ...item }) => item);
}

/** The entries grouped under their headings, in a stable order; empty groups are left out. */
export function navigationSections(items: NavItem[]): Array<{ section: NavSection; items: NavItem[] }> {
  const order: NavSection[] = ["Workspace", "Administration", "You"];
  return order.map((section) => ({ section, items: items.filter((i) => i.section === section) })).filter((g) => g.items.length > 0);
}
