/**
 * The frame of the person's own account pages (/account/…): theirs whatever
 * workspace they came from, so it sits outside /w/<address>. The pages are
 * listed in app/lib/accountNavigation.ts. Signed-out visitors are sent to
 * sign in and brought back (the overview call answers NOT_SIGNED_IN).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, NavLink, Outlet, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { Logo } from "../components/AuthLayout";
import { ErrorPage } from "../components/ErrorPage";
import { cx } from "../components/ui";
import { accountNavigation } from "../lib/accountNavigation";
import { load } from "../lib/calls.server";

export const meta: MetaFunction = () => [{ title: "Your account · Team Access" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await load(request, () => context.trpc.account.overview(), context.isProduction);
  return json({ account });
}

/** The signed-in account, for the pages of the area. */
export function useAccount() {
  const data = useRouteLoaderData<typeof loader>("routes/account");
  if (!data) throw new Error("useAccount must be used inside the account area");
  return data.account;
}

export default function AccountLayout() {
  const account = useAccount();
  return (
    <div className="min-h-full">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-4xl items-center justify-between gap-3 px-4 py-3 sm:px-6">
          <Link to="/" className="flex items-center gap-2">
            <Logo />
            <span className="text-lg font-semibold text-slate-900">Team Access</span>
          </Link>
          <div className="min-w-0 text-right">
            <p className="truncate text-sm font-medium text-slate-900">{account.name}</p>
            <p className="truncate text-xs text-slate-500">{account.email}</p>
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
            <ul className="flex flex-wrap gap-1 md:flex-col">
              {accountNavigation.map((item) => (
                <li key={item.to}>
                  <NavLink
                    to={item.to}
                    // "Overview" (/account) is not also lit on the pages below it.
                    end
                    className={({ isActive }) => cx("block rounded-md px-2 py-1.5 text-sm font-medium", isActive ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100")}
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
