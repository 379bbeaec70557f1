/**
 * The navigation's icons: one sprite, public/icons.svg (a symbol per name,
 * drawn by the .nav-icon style), fetched once and cached, instead of every
 * page writing each icon's path again (decision 44). A changed icon reaches
 * open browsers within the static files' cache time (an hour).
 */
import type { NavItem } from "../lib/navigation";

export function NavIcon({ name }: { name: NavItem["icon"] }) {
  return (
    <svg className="nav-icon" aria-hidden="true">
      <use href={`/icons.svg#${name}`} />
    </svg>
  );
}
