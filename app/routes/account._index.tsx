/** The account overview: who you are, whether your address is confirmed (with a new link if not), and where to change things. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useNavigation } from "@remix-run/react";
import { ConfirmEmailNotice } from "../components/account/ConfirmEmailNotice";
import { Badge, Card } from "../components/ui";
import { formValues } from "../lib/calls.server";
import { resendVerification } from "../lib/resendVerification.server";
import { useAccount } from "./account";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formValues(await request.formData());
  if (form.intent !== "resend-verification") return json({ resend: null }, { status: 400 });
  const { answer, status } = await resendVerification(context);
  return json({ resend: answer }, { status });
}

function day(iso: string): string {
  return new Date(iso).toLocaleDateString("en-GB", { dateStyle: "long", timeZone: "UTC" });
}

export default function AccountOverview() {
  const account = useAccount();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="space-y-6">
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
            <p className="text-sm text-slate-700">{account.passwordChangedAt ? `Set on ${day(account.passwordChangedAt)}` : "Not set"}</p>
          </div>
          <Link to="/account/password" className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
            Change password
          </Link>
        </div>
        <div className="flex flex-wrap items-center justify-between gap-3 px-4 py-4">
          <div>
            <p className="text-sm text-slate-500">Member since</p>
            <p className="text-sm text-slate-700">{day(account.createdAt)}</p>
          </div>
          <Link to="/account/email" className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
            Change email address
          </Link>
        </div>
      </Card>
      {account.emailVerified ? null : <ConfirmEmailNotice email={account.email} resend={data?.resend ?? null} busy={navigation.state === "submitting"} />}
    </div>
  );
}
