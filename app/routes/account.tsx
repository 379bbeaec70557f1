/**
 * The account area: the person's own account, outside any workspace
 * (password, email address, and more pages listed in
 * app/lib/accountNavigation.ts). Signed-in only.
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
    <main className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
      <div className="flex items-center justify-between gap-3">
        <Link to="/" className="flex items-center gap-2">
          <Logo />
          <span className="text-lg font-semibold text-slate-900">Team Access</span>
        </Link>
        <Link to="/" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
          Back to your workspaces
        </Link>
      </div>
      <h1 className="mt-8 text-2xl font-semibold tracking-tight text-slate-900">Your account</h1>
      <p className="mt-1 text-sm text-slate-600">
        {account.name} · {account.email}
      </p>
      <nav aria-label="Account" className="mt-6 border-b border-slate-200">
        <ul className="-mb-px flex flex-wrap gap-4">
          {accountNavigation.map((item) => (
            <li key={item.to}>
              <NavLink
                to={item.to}
                end
                className={({ isActive }) =>
                  cx("inline-block border-b-2 px-1 pb-2 text-sm font-medium", isActive ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900")
                }
              >
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="mt-6">
        <Outlet />
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
