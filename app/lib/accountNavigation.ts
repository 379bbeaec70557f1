/**
 * The person's own account area (/account/…), outside any workspace: one
 * entry per page, in order. Add a line here for each new account page.
 */
export interface AccountNavItem {
  to: string;
  label: string;
}

export const accountNavigation: AccountNavItem[] = [
  { to: "/account", label: "Overview" },
  { to: "/account/sessions", label: "Your sessions" },
  { to: "/account/password", label: "Password" },
  { to: "/account/email", label: "Email address" },
];
