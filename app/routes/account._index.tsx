/** The account overview: who you are, whether your address is confirmed (with a new link if not), and where to change things. */
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useNavigation } from "@remix-run/react";
import { ConfirmEmailNotice, resendAnswerOf } from "../components/account/ConfirmEmailNotice";
import { Badge, Card, PageHeader } from "../components/ui";
import { passRetryAfter } from "../lib/errors";
import { formValues, refuse } from "../lib/formAnswer.server";
import { resendVerification } from "../lib/resendVerification.server";
import { Time } from "../lib/time";
import { useAccount } from "./account";

// A refusal that says when to try again answers with Retry-After (app/lib/errors.ts).
export const headers = passRetryAfter;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formValues(await request.formData());
  if (form.intent !== "resend-verification") return refuse({ code: "INVALID_INPUT", message: "This page has no such form." });
  return resendVerification(context);
}

export const meta: MetaFunction = () => [{ title: "Your account · Team Access" }];

export default function AccountOverview() {
  const account = useAccount();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="space-y-6">
      <PageHeader title="Your account" description="How you sign in: the same in every workspace you belong to." />
      <Card className="divide-y divide-slate-100">
        <div className="flex flex-wrap items-center justify-between gap-3 px-4 py-4">
          <div>
            <p className="text-sm text-slate-500">Email address</p>
            <p className="font-medium text-slate-900" data-testid="account-email">
              {account.email}
            </p>
          </div>
          {account.emailVerified ? <Badge tone="green">Confirmed</Badge> : <Badge tone="amber">Not confirmed yet</Badge>}
        </div>
        <div className="flex flex-wrap items-center justify-between gap-3 px-4 py-4">
          <div>
            <p className="text-sm text-slate-500">Password</p>
            <p className="text-sm text-slate-700">
              {account.passwordChangedAt ? (
                <>
                  Set on <Time value={account.passwordChangedAt} style="date" />
                </>
              ) : (
                "Not set"
              )}
            </p>
          </div>
          <Link to="/account/password" className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
            Change password
          </Link>
        </div>
        <div className="flex flex-wrap items-center justify-between gap-3 px-4 py-4">
          <div>
            <p className="text-sm text-slate-500">Member since</p>
            <p className="text-sm text-slate-700">
              <Time value={account.createdAt} style="date" />
            </p>
          </div>
          <Link to="/account/email" className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
            Change email address
          </Link>
        </div>
        <div className="flex flex-wrap items-center justify-between gap-3 px-4 py-4">
          <div>
            <p className="text-sm text-slate-500">Where you're signed in</p>
            <p className="text-sm text-slate-700">Every browser, and when it was last used.</p>
          </div>
          <Link to="/account/sessions" className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
            Your sessions
          </Link>
        </div>
      </Card>
      {account.emailVerified ? null : <ConfirmEmailNotice email={account.email} resend={resendAnswerOf(data)} busy={navigation.state === "submitting"} />}
    </div>
  );
}
