/**
 * The bell on every workspace page: the unread count from the workspace
 * layout's loader (which notification events refresh), linking to the list.
 */
import { Link } from "@remix-run/react";
import { cx } from "./ui";

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
      <svg viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
        <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0" />
      </svg>
      {unread > 0 ? (
        <span className="absolute -right-0.5 -top-0.5 inline-flex min-w-[1.25rem] items-center justify-center rounded-full bg-red-600 px-1 text-xs font-semibold text-white">{unread > 99 ? "99+" : unread}</span>
      ) : null}
    </Link>
  );
}
