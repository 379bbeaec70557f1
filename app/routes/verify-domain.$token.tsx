/**
 * The page a domain verification link opens. Opening the link is the proof
 * that whoever set it up controls an address at the domain (no session is
 * needed), so the domain is verified as the page loads; opening it again
 * still says "verified".
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AuthLayout } from "../components/AuthLayout";
import { buttonClass } from "../components/ui";
import { attempt } from "../lib/calls.server";

export const meta: MetaFunction = () => [{ title: "Verify a domain · Team Access" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const result = await attempt(() => context.trpc.domains.confirm({ token: params.token ?? "" }), context.isProduction);
  if (result.ok) return json({ verified: result.value, refusal: null });
  return json({ verified: null, refusal: { appCode: result.error.appCode, message: result.error.message } }, { status: result.error.httpStatus });
}

export default function VerifyDomain() {
  const { verified, refusal } = useLoaderData<typeof loader>();
  if (verified) {
    return (
      <AuthLayout title={`${verified.domain} is verified`}>
        <div data-testid="domain-verified">
          <p className="text-sm text-slate-700">
            People who confirm an email address at <strong>{verified.domain}</strong> are now offered to join <strong>{verified.workspaceName}</strong>.
          </p>
          <Link to={`/w/${verified.workspaceSlug}/settings/domains`} className={buttonClass("primary", "md", "mt-5 w-full")}>
            Go to the workspace's domains
          </Link>
        </div>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={refusal?.appCode === "DOMAIN_LINK_EXPIRED" ? "This link has expired" : "This link can't be used"}>
      <div data-testid="domain-link-refused" data-code={refusal?.appCode}>
        <p className="text-sm text-slate-700">{refusal?.message}</p>
      </div>
    </AuthLayout>
  );
}
