/**
 * The page a confirmation link opens: a new account's address, or a new
 * address for an account. Opening the link is the confirmation (the token
 * is the proof; no session is needed), so it happens as the page loads;
 * opening it again still says "confirmed".
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AuthLayout } from "../components/AuthLayout";
import { buttonClass } from "../components/ui";
import { attempt } from "../lib/calls.server";

export const meta: MetaFunction = () => [{ title: "Confirm your email · Team Access" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const [result, me] = await Promise.all([attempt(() => context.trpc.account.confirmEmail({ token }), context.isProduction), attempt(() => context.trpc.auth.me(), context.isProduction)]);
  const signedIn = me.ok && me.value !== null;
  if (result.ok) return json({ outcome: result.value, refusal: null, signedIn });
  return json({ outcome: null, refusal: { appCode: result.error.appCode, message: result.error.message }, signedIn }, { status: result.error.httpStatus });
}

const refusalTitles: Record<string, string> = {
  ACCOUNT_LINK_INVALID: "This link isn't valid",
  ACCOUNT_LINK_USED: "This link has already been used",
  ACCOUNT_LINK_EXPIRED: "This link has expired",
  ACCOUNT_LINK_REPLACED: "A newer link was sent",
  ACCOUNT_LINK_CANCELLED: "This change was cancelled",
  EMAIL_CHANGE_UNAVAILABLE: "That address is taken",
};

export default function VerifyEmail() {
  const { outcome, refusal, signedIn } = useLoaderData<typeof loader>();
  const next = signedIn ? "/" : "/sign-in";
  const nextLabel = signedIn ? "Continue" : "Sign in";
  if (outcome?.kind === "verified") {
    return (
      <AuthLayout title="Your email address is confirmed">
        <div data-testid="email-confirmed">
          <p className="text-sm text-slate-700">
            <strong>{outcome.email}</strong> is confirmed. You can now create workspaces and invite your team.
          </p>
          <Link to={signedIn ? "/workspaces/new" : `/sign-in?${new URLSearchParams({ email: outcome.email })}`} className={buttonClass("primary", "md", "mt-5 w-full")}>
            {signedIn ? "Create a workspace" : "Sign in"}
          </Link>
          {signedIn ? (
            <Link to="/" className={buttonClass("ghost", "md", "mt-2 w-full")}>
              Go to my workspaces
            </Link>
          ) : null}
        </div>
      </AuthLayout>
    );
  }
  if (outcome?.kind === "email_changed") {
    return (
      <AuthLayout title="Your email address was changed">
        <div data-testid="email-changed">
          <p className="text-sm text-slate-700">
            Your account now uses <strong>{outcome.email}</strong> instead of {outcome.previousEmail}. Sign in with the new address from now on.
          </p>
          <Link to={next} className={buttonClass("primary", "md", "mt-5 w-full")}>
            {nextLabel}
          </Link>
        </div>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={refusalTitles[refusal?.appCode ?? ""] ?? "This link can't be used"}>
      <div data-testid="email-link-refused" data-code={refusal?.appCode}>
        <p className="text-sm text-slate-700">{refusal?.message}</p>
        <p className="mt-3 text-sm text-slate-600">{signedIn ? "You can ask for a new link from your account settings." : "Sign in to ask for a new link."}</p>
        <Link to={signedIn ? "/account" : "/sign-in"} className={buttonClass("primary", "md", "mt-5 w-full")}>
          {signedIn ? "Go to your account" : "Sign in"}
        </Link>
      </div>
    </AuthLayout>
  );
}
