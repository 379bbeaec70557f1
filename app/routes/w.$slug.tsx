/**
 * The frame of every workspace page: the workspace switcher, navigation
 * that shows only what the member may open, the user menu and the live
 * connection indicator. The URL names the workspace: /w/<slug>/...
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, NavLink, Outlet, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { useEffect, useState } from "react";
import { ConnectionIndicator } from "../components/ConnectionIndicator";
import { NavIcon } from "../components/icons";
import { Avatar, cx } from "../components/ui";
import { load } from "../lib/calls.server";
import { accessToSend } from "../lib/sentAccess";
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
  // The signed-in person comes from the root's loader (the same request's session); these calls all require it.
  const [workspace, { workspaces, unreadNotifications }, impersonation] = await Promise.all([
    load(request, () => context.trpc.workspaces.current({ workspaceSlug }), context.isProduction),
    // The switcher's workspaces and the bell's count, in one statement.
    load(request, () => context.trpc.workspaces.frame(), context.isProduction),
    load(request, () => context.trpc.impersonation.current(), context.isProduction),
  ]);
  // Those who send invitations are told when this server's email reaches no one.
  const emailNotDelivered = can(workspace.access, "members.invite") ? !(await load(request, () => context.trpc.emailDelivery.status({ workspaceSlug }), context.isProduction)).delivered : false;
  // What the page uses of each workspace in the switcher; the access without its second copy (app/lib/sentAccess.ts).
  return json({
    workspace: { ...workspace, access: accessToSend(workspace.access) },
    workspaces,
    impersonation,
    unreadNotifications,
    emailNotDelivered,
  });
}

import { useWorkspace } from "../lib/workspace";

export { useWorkspace };

function WorkspaceSwitcher({ current, workspaces }: { current: { slug: string; name: string }; workspaces: Array<{ slug: string; name: string; primaryRole: string | null }> }) {
  return (
    <details className="group relative">
      <summary className="switcher">
        <span className="switcher-mark" aria-hidden="true">
          {current.name.slice(0, 1).toUpperCase()}
        </span>
        <span className="switcher-name">
          <b>{current.name}</b>
          Switch workspace
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
  const { workspace, me } = useWorkspace();
  // The frame's data (name, plan, the member's access, unread count) comes from this loader; these events refresh it.
  useLiveRefresh(["workspace.changed"], { workspaceId: workspace.id });
  useLiveRefresh(["notification.created", "notification.read"]);
  const nav = navigationFor(workspace.slug, workspace.access);
  // The navigation is rendered once: a sidebar on laptops, a panel under the menu button on phones (CSS decides).
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  useEffect(() => setMenuOpen(false), [pathname]);
  return (
    <div
      className="min-h-full"
      onKeyDown={(e) => {
        if (e.key === "Escape" && menuOpen) setMenuOpen(false);
      }}
    >
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      {/* The workspace switcher and the bell, once: the top bar on phones and tablets, the head of the sidebar on laptops */}
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white lg:fixed lg:left-0 lg:h-16 lg:w-64 lg:border-b-0 lg:border-r">
        <div className="flex items-center justify-between gap-2 px-3 py-2 lg:items-start lg:gap-1 lg:pb-0 lg:pt-4">
          <div className="min-w-0 flex-1">
            <WorkspaceSwitcher current={workspace} workspaces={initial.workspaces} />
          </div>
          <ConnectionIndicator className="lg:hidden" />
          <NotificationBell slug={workspace.slug} unread={initial.unreadNotifications} className="lg:mt-1.5" />
          <button
            type="button"
            className="rounded-md p-2 text-slate-700 hover:bg-slate-100 lg:hidden"
            aria-label="Menu"
            aria-expanded={menuOpen}
            aria-controls="workspace-menu"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <svg viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
              <path d="M4 6h16M4 12h16M4 18h16" />
            </svg>
          </button>
        </div>
      </header>
      {/* The sidebar below that head on laptops (the links scroll, so the account block at the foot stays in view on short screens); the menu's panel on phones */}
      <aside
        id="workspace-menu"
        className={cx(
          "fixed z-20 flex-col bg-white",
          menuOpen ? "right-3 top-14 flex max-h-[calc(100vh-4.5rem)] w-64 overflow-y-auto rounded-md p-3 shadow-lg ring-1 ring-slate-200" : "hidden",
          "lg:inset-y-0 lg:left-0 lg:right-auto lg:top-0 lg:flex lg:max-h-none lg:w-64 lg:overflow-visible lg:rounded-none lg:border-r lg:border-slate-200 lg:px-3 lg:pb-4 lg:pt-16 lg:shadow-none lg:ring-0",
        )}
        aria-label="Workspace"
      >
        <nav className="min-h-0 flex-1 lg:mt-6 lg:overflow-y-auto" aria-label="Main">
          <div className="space-y-5">
            {navigationSections(nav).map((group) => (
              <div key={group.section}>
                <p className="px-2 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-400">{group.section}</p>
                <ul className="space-y-0.5">
                  {group.items.map((item) => (
                    <li key={item.to}>
                      <NavLink to={item.to} className={({ isActive }) => (isActive ? "nav-link nav-link-active" : "nav-link")}>
                        <NavIcon name={item.icon} />
                        {item.label}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </nav>
        <div className="mt-3 space-y-3 border-t border-slate-100 pt-3 lg:mt-0 lg:pt-4">
          <div className="hidden lg:block">
            <ConnectionIndicator className="px-2" />
          </div>
          <div className="flex items-center gap-3">
            <Avatar name={me.name} size="sm" />
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm font-medium text-slate-900">{me.name}</p>
              <p className="truncate text-xs text-slate-500">{me.email}</p>
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
        </div>
      </aside>
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
