/**
 * The frame of every workspace page: the workspace switcher, navigation
 * that shows only what the member may open, the user menu and the live
 * connection indicator. The URL names the workspace: /w/<slug>/...
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, NavLink, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { ConnectionIndicator } from "../components/ConnectionIndicator";
import { NavIcon } from "../components/icons";
import { Avatar, cx } from "../components/ui";
import { load } from "../lib/calls.server";
import { navigationFor, navigationSections } from "../lib/navigation";
import { useLiveRefresh } from "../lib/liveRefresh";
import { ErrorPage } from "../components/ErrorPage";
import { ImpersonationBanner } from "../components/ImpersonationBanner";
import { EmailNotDeliveredBanner } from "../components/EmailNotDelivered";
import { can } from "#shared/permissions/access";
import { NotificationBell } from "../components/NotificationBell";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.workspace.name} · Team Access` : "Team Access" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const [workspace, workspaces, me, impersonation, unreadNotifications] = await Promise.all([
    load(request, () => context.trpc.workspaces.current({ workspaceSlug }), context.isProduction),
    load(request, () => context.trpc.workspaces.mine(), context.isProduction),
    load(request, () => context.trpc.auth.me(), context.isProduction),
    load(request, () => context.trpc.impersonation.current(), context.isProduction),
    load(request, () => context.trpc.notifications.unreadCount(), context.isProduction),
  ]);
  if (!me) throw new Response("Not signed in", { status: 401 });
  // Those who send invitations are told when this server's email reaches no one.
  const emailNotDelivered = can(workspace.access, "members.invite") ? !(await load(request, () => context.trpc.emailDelivery.status({ workspaceSlug }), context.isProduction)).delivered : false;
  return json({ workspace, workspaces, me, impersonation, unreadNotifications, emailNotDelivered });
}

export { useWorkspace } from "../lib/workspace";

function WorkspaceSwitcher({ current, workspaces }: { current: { slug: string; name: string }; workspaces: Array<{ slug: string; name: string; primaryRole: string | null }> }) {
  return (
    <details className="group relative">
      <summary className="flex cursor-pointer list-none items-center justify-between gap-2 rounded-md px-2 py-2 text-left hover:bg-slate-100 [&::-webkit-details-marker]:hidden">
        <span className="flex min-w-0 items-center gap-2">
          <span className="flex h-8 w-8 shrink-0 items-center justify-center rounded-md bg-indigo-600 text-sm font-bold text-white" aria-hidden="true">
            {current.name.slice(0, 1).toUpperCase()}
          </span>
          <span className="min-w-0">
            <span className="block truncate text-sm font-semibold text-slate-900">{current.name}</span>
            <span className="block text-xs text-slate-500">Switch workspace</span>
          </span>
        </span>
        <svg viewBox="0 0 20 20" className="h-4 w-4 text-slate-500" fill="currentColor" aria-hidden="true">
          <path d="M10 3l4 5H6zM10 17l-4-5h8z" />
        </svg>
      </summary>
      <div className="absolute left-0 right-0 z-20 mt-1 rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-200">
        <p className="px-3 py-1.5 text-xs font-medium uppercase tracking-wide text-slate-500">Your workspaces</p>
        <ul>
          {workspaces.map((w) => (
            <li key={w.slug}>
              <Link
                to={`/w/${w.slug}`}
                aria-current={w.slug === current.slug ? "true" : undefined}
                className={cx("flex items-center justify-between px-3 py-2 text-sm hover:bg-slate-50", w.slug === current.slug && "font-semibold text-indigo-700")}
              >
                <span className="truncate">{w.name}</span>
                {w.primaryRole ? <span className="ml-2 text-xs text-slate-500">{w.primaryRole}</span> : null}
              </Link>
            </li>
          ))}
        </ul>
        <div className="border-t border-slate-100 pt-1">
          <Link to="/workspaces/new" className="block px-3 py-2 text-sm text-indigo-700 hover:bg-slate-50">
            + New workspace
          </Link>
        </div>
      </div>
    </details>
  );
}

export default function WorkspaceLayout() {
  const initial = useLoaderData<typeof loader>();
  const workspace = initial.workspace;
  // The frame's data (name, plan, the member's access, unread count) comes from this loader; these events refresh it.
  useLiveRefresh(["workspace.changed"], { workspaceId: workspace.id });
  useLiveRefresh(["notification.created", "notification.read"]);
  const nav = navigationFor(workspace.slug, workspace.access);
  const navLinks = (
    <div className="space-y-5">
      {navigationSections(nav).map((group) => (
        <div key={group.section}>
          <p className="px-2 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-400">{group.section}</p>
          <ul className="space-y-0.5">
            {group.items.map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  className={({ isActive }) =>
                    cx("flex items-center gap-3 rounded-md px-2 py-1.5 text-sm font-medium", isActive ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900")
                  }
                >
                  <NavIcon name={item.icon} />
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
  const userBlock = (
    <div className="flex items-center gap-3">
      <Avatar name={initial.me.name} size="sm" />
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium text-slate-900">{initial.me.name}</p>
        <p className="truncate text-xs text-slate-500">{initial.me.email}</p>
      </div>
      <Link to="/account" aria-label="Your account" title="Your account" className="rounded-md p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900">
        <NavIcon name="settings" />
      </Link>
      <Form method="post" action="/sign-out">
        <button type="submit" className="rounded-md px-2 py-1 text-xs font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900">
          Sign out
        </button>
      </Form>
    </div>
  );
  return (
    <div className="min-h-full">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      {/* Sidebar on laptops and wider: the links scroll, so the account block at the foot stays in view on short screens */}
      <aside className="fixed inset-y-0 left-0 hidden w-64 flex-col border-r border-slate-200 bg-white px-3 py-4 lg:flex" aria-label="Workspace">
        <div className="flex items-start gap-1">
          <div className="min-w-0 flex-1">
            <WorkspaceSwitcher current={workspace} workspaces={initial.workspaces} />
          </div>
          <NotificationBell slug={workspace.slug} unread={initial.unreadNotifications} className="mt-1.5" />
        </div>
        <nav className="mt-6 min-h-0 flex-1 overflow-y-auto" aria-label="Main">
          {navLinks}
        </nav>
        <div className="space-y-3 border-t border-slate-100 pt-4">
          <ConnectionIndicator className="px-2" />
          {userBlock}
        </div>
      </aside>
      {/* Top bar on phones and tablets */}
      <header className="sticky top-0 z-10 border-b border-slate-200 bg-white lg:hidden">
        <div className="flex items-center justify-between gap-2 px-3 py-2">
          <div className="min-w-0 flex-1">
            <WorkspaceSwitcher current={workspace} workspaces={initial.workspaces} />
          </div>
          <ConnectionIndicator />
          <NotificationBell slug={workspace.slug} unread={initial.unreadNotifications} />
          <details className="relative">
            <summary className="cursor-pointer list-none rounded-md p-2 text-slate-700 hover:bg-slate-100 [&::-webkit-details-marker]:hidden" aria-label="Menu">
              <svg viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
                <path d="M4 6h16M4 12h16M4 18h16" />
              </svg>
            </summary>
            <div className="absolute right-0 z-20 mt-2 max-h-[calc(100vh-4.5rem)] w-64 overflow-y-auto rounded-md bg-white p-3 shadow-lg ring-1 ring-slate-200">
              <nav aria-label="Main (mobile)">{navLinks}</nav>
              <div className="mt-3 border-t border-slate-100 pt-3">{userBlock}</div>
            </div>
          </details>
        </div>
      </header>
      <main id="main" className="lg:pl-64">
        {initial.impersonation ? <ImpersonationBanner impersonation={initial.impersonation} currentSlug={workspace.slug} /> : null}
        {initial.emailNotDelivered ? <EmailNotDeliveredBanner /> : null}
        <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 lg:px-8">
          <Outlet />
        </div>
      </main>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
