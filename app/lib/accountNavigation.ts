/** The pages of the user-level account area (/account/…), in order. One line per page. */
export interface AccountNavItem {
  to: string;
  label: string;
}

export const accountNavigation: AccountNavItem[] = [
  { to: "/account", label: "Overview" },
  { to: "/account/password", label: "Password" },
  { to: "/account/email", label: "Email address" },
];
