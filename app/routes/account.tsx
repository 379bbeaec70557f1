/**
 * The frame of the person's own account pages (/account/…): theirs whatever
 * workspace they came from, so it sits outside /w/<address>. Signed-out
 * visitors are sent to sign in and brought back.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { Logo } from "../components/AuthLayout";
import { ErrorPage } from "../components/ErrorPage";
import { cx } from "../components/ui";
import { accountNavigation } from "../lib/accountNavigation";
import { load } from "../lib/calls.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const me = await load(request, () => context.trpc.auth.me(), context.isProduction);
  if (!me) {
    const url = new URL(request.url);
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(`${url.pathname}${url.search}`)}`);
  }
  return json({ me });
}

export default function AccountLayout() {
  const { me } = useLoaderData<typeof loader>();
  return (
    <div className="min-h-full">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-4xl items-center justify-between gap-3 px-4 py-3 sm:px-6">
          <Link to="/" className="flex items-center gap-2">
            <Logo />
            <span className="text-lg font-semibold text-slate-900">Team Access</span>
          </Link>
          <div className="min-w-0 text-right">
            <p className="truncate text-sm font-medium text-slate-900">{me.name}</p>
            <p className="truncate text-xs text-slate-500">{me.email}</p>
          </div>
        </div>
      </header>
      <div className="mx-auto max-w-4xl px-4 py-8 sm:px-6">
        <Link to="/" className="text-sm font-medium text-indigo-700 hover:text-indigo-600">
          ← Back to your workspaces
        </Link>
        <div className="mt-4 flex flex-col gap-6 md:flex-row">
          <nav aria-label="Your account" className="md:w-48 md:shrink-0">
            <p className="px-2 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-400">Your account</p>
            <ul className="flex gap-1 md:flex-col">
              {accountNavigation.map((item) => (
                <li key={item.to}>
                  <NavLink
                    to={item.to}
                    className={({ isActive }) =>
                      cx("block rounded-md px-2 py-1.5 text-sm font-medium", isActive ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100")
                    }
                  >
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <main id="main" className="min-w-0 flex-1">
            <Outlet />
          </main>
        </div>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
