/**
 * The bell on every workspace page: the unread count from the workspace
 * layout's loader (which notification events refresh), linking to the list.
 */
import { Link } from "@remix-run/react";
import { cx } from "./ui";
import { NavIcon } from "./icons";

export function NotificationBell({ slug, unread, className }: { slug: string; unread: number; className?: string }) {
  const label = unread === 0 ? "Notifications, none unread" : `Notifications, ${unread} unread`;
  return (
    <Link
      to={`/w/${slug}/notifications`}
      aria-label={label}
      title={label}
      data-testid="notification-bell"
      data-unread={unread}
      className={cx("relative inline-flex rounded-md p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900", className)}
    >
      <NavIcon name="bell" />
      {unread > 0 ? (
        <span className="absolute -right-0.5 -top-0.5 inline-flex min-w-[1.25rem] items-center justify-center rounded-full bg-red-600 px-1 text-xs font-semibold text-white">{unread > 99 ? "99+" : unread}</span>
      ) : null}
    </Link>
  );
}
