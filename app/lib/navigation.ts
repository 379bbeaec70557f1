/**
 * The workspace navigation, decided by the same access object the server
 * checks: an entry appears only when its page would let the member in.
 */
import { can, type Access } from "../../server/permissions/access";

export interface NavItem {
  to: string;
  label: string;
  icon: "members" | "crm" | "recruiting" | "roles" | "settings" | "reports" | "requests" | "audit" | "billing";
}

export function navigationFor(slug: string, access: Access): NavItem[] {
  const base = `/w/${slug}`;
  const items: Array<NavItem & { visible: boolean }> = [
    { to: `${base}/members`, label: "Members", icon: "members", visible: can(access, "members.view") },
    { to: `${base}/requests`, label: "Access requests", icon: "requests", visible: true },
    { to: `${base}/settings/requests`, label: "Permission requests", icon: "requests", visible: can(access, "requests.approve") },
  ];
  return items.filter((i) => i.visible).map(({ visible: _visible, ...item }) => item);
}
