/**
 * Billing, for owners: the plan, the trial, seats used of the limit, a
 * plan switcher (no payment provider: the change is recorded and applies
 * at once), and deleting the workspace.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { useState } from "react";
import { ErrorPage } from "../components/ErrorPage";
import { Alert, Badge, Button, Card, PageHeader, TextField, cx } from "../components/ui";
import { FormRefusal } from "../components/FormRefusal";
import { load } from "../lib/calls.server";
import { fieldErrorsOf, passRetryAfter } from "../lib/errors";
import { answered, callForm, formValues, refused } from "../lib/formAnswer.server";
import { useLiveRefresh } from "../lib/liveRefresh";
import { Time, useFormat } from "../lib/time";
import { useWorkspace } from "./w.$slug";

export const meta: MetaFunction = () => [{ title: "Billing · Team Access" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const billing = await load(request, () => context.trpc.billing.overview({ workspaceSlug }), context.isProduction);
  return json({ workspaceSlug, billing });
}

// A refusal that says when to try again answers with Retry-After (app/lib/errors.ts).
export const headers = passRetryAfter;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const form = formValues(await request.formData());
  if (form.intent === "delete") {
    // The name's mismatch goes to its field (the service names it); asking for the password, to the password's.
    const result = await callForm(context, () => context.trpc.workspaceDeletion.delete({ workspaceSlug, confirmName: form.confirmName ?? "", password: form.password ?? "" }), {
      fieldFor: { REAUTH_REQUIRED: "password", PASSWORD_INCORRECT: "password", PASSWORD_CHECK_RATE_LIMITED: "password" },
    });
    if (!result.ok) return refused(result, { intent: "delete" as const });
    return redirect("/?left=deleted");
  }
  const plan = form.plan === "starter" || form.plan === "professional" || form.plan === "enterprise" ? form.plan : "starter";
  const result = await callForm(context, () => context.trpc.billing.changePlan({ workspaceSlug, plan }));
  if (!result.ok) return refused(result, { intent: "plan" as const });
  return answered({ intent: "plan" as const, planChanged: result.value.changed ? plan : null });
}

function limitText(limit: number | null): string {
  return limit === null ? "Unlimited members" : `Up to ${limit} members`;
}

/**
 * When the plan's member limit starts, said plainly: on the trial's last
 * day (the date and time in the person's own zone), not "until" a date
 * that reads as if that whole day were still free.
 */
function TrialLimitStart({ trialEndsAt, planLabel, limit }: { trialEndsAt: string; planLabel: string; limit: number | null }) {
  const { zone } = useFormat();
  if (limit === null) {
    return (
      <p className="text-sm text-slate-600" data-testid="trial-limit-start">
        No member limit during the trial, and {planLabel} has none either: nothing changes when the trial ends on <Time value={trialEndsAt} style="date" />.
      </p>
    );
  }
  return (
    <p className="text-sm text-slate-600" data-testid="trial-limit-start">
      No member limit during the trial. The {planLabel} plan's limit of {limit} members starts on <Time value={trialEndsAt} style="date" />, the trial's last day, at <Time value={trialEndsAt} style="time" /> ({zone}).
      From then on, no one new can be invited while {limit} or more seats are in use.
    </p>
  );
}

export default function BillingPage() {
  const initial = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const { workspace } = useWorkspace();
  const billing = initial.billing;
  useLiveRefresh(["workspace.changed", "member.changed", "invitation.changed"], { workspaceId: workspace.id });
  const [chosen, setChosen] = useState(billing.plan);
  const [confirmName, setConfirmName] = useState("");
  const submittingIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const chosenLimit = billing.plans.find((p) => p.plan === chosen)?.seatLimit ?? null;
  const over = chosenLimit !== null && billing.seats.used > chosenLimit;
  const deletion = data?.intent === "delete" ? data : null;
  const deletionErrors = fieldErrorsOf(deletion);
  const currentLabel = billing.plans.find((p) => p.plan === billing.plan)?.label ?? billing.planLabel;

  return (
    <>
      <PageHeader title="Billing" description="Your plan and seats. Changes apply at once; there is nothing to pay here." />
      {data?.ok && data.intent === "plan" && data.planChanged ? (
        <Alert tone="success" className="mb-4">
          You're now on {billing.plans.find((p) => p.plan === data.planChanged)?.label}. The new limit applies from now on.
        </Alert>
      ) : null}

      <div className="grid gap-4 md:grid-cols-3">
        <Card className="p-4">
          <p className="text-sm text-slate-500">Current plan</p>
          <p className="mt-1 text-xl font-semibold text-slate-900" data-testid="current-plan">
            {currentLabel}
          </p>
          <p className="text-sm text-slate-600">{limitText(billing.plans.find((p) => p.plan === billing.plan)?.seatLimit ?? null)}</p>
        </Card>
        <Card className="p-4">
          <p className="text-sm text-slate-500">Trial</p>
          {billing.onTrial ? (
            <>
              <p className="mt-1 text-xl font-semibold text-slate-900">
                {billing.trialDaysLeft} {billing.trialDaysLeft === 1 ? "day" : "days"} left
              </p>
              <TrialLimitStart trialEndsAt={billing.trialEndsAt} planLabel={billing.planLabel} limit={billing.plans.find((p) => p.plan === billing.plan)?.seatLimit ?? null} />
            </>
          ) : (
            <>
              <p className="mt-1 text-xl font-semibold text-slate-900">Ended</p>
              <p className="text-sm text-slate-600">
                Ended on <Time value={billing.trialEndsAt} style="date" />.
              </p>
            </>
          )}
        </Card>
        <Card className="p-4">
          <p className="text-sm text-slate-500">Seats used</p>
          <p className="mt-1 text-xl font-semibold text-slate-900" data-testid="seats-used">
            {billing.seats.used} {billing.seatLimit === null ? "" : `of ${billing.seatLimit}`}
          </p>
          <p className="text-sm text-slate-600">
            {billing.seats.activeMembers} active {billing.seats.activeMembers === 1 ? "member" : "members"} + {billing.seats.pendingInvitations} pending{" "}
            {billing.seats.pendingInvitations === 1 ? "invitation" : "invitations"}
            {billing.seatLimit === null ? (billing.onTrial ? " · no limit during the trial" : " · no limit") : ""}
          </p>
        </Card>
      </div>

      <Card className="mt-6 p-4 sm:p-6">
        <h2 className="text-lg font-semibold text-slate-900">Change plan</h2>
        <Form method="post" className="mt-4" noValidate>
          <input type="hidden" name="intent" value="plan" />
          <fieldset>
            <legend className="sr-only">Plan</legend>
            <div className="grid gap-3 sm:grid-cols-3">
              {billing.plans.map((p) => (
                <label
                  key={p.plan}
                  className={cx(
                    "flex cursor-pointer flex-col rounded-lg p-4 ring-1 focus-within:ring-2 focus-within:ring-indigo-600",
                    chosen === p.plan ? "bg-indigo-50 ring-indigo-400" : "ring-slate-200 hover:bg-slate-50",
                  )}
                >
                  <span className="flex items-center justify-between">
                    <span className="flex items-center gap-2">
                      <input type="radio" name="plan" value={p.plan} checked={chosen === p.plan} onChange={() => setChosen(p.plan)} className="h-4 w-4 text-indigo-600" />
                      <span className="font-semibold text-slate-900">{p.label}</span>
                    </span>
                    {p.plan === billing.plan ? <Badge tone="indigo">Current</Badge> : null}
                  </span>
                  <span className="mt-1 text-sm text-slate-600">{limitText(p.seatLimit)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          {over ? (
            <Alert tone="warning" className="mt-4">
              {billing.seats.used} seats are in use and {billing.plans.find((p) => p.plan === chosen)?.label} allows {chosenLimit}
              {billing.onTrial ? " once the trial ends" : ""}. Everyone stays, but no one new can be invited until you are under the limit.
            </Alert>
          ) : null}
          <FormRefusal answer={data?.intent === "plan" ? data : null} className="mt-4" />
          <div className="mt-4">
            <Button type="submit" disabled={chosen === billing.plan} busy={submittingIntent === "plan"}>
              {chosen === billing.plan ? "Choose another plan" : `Switch to ${billing.plans.find((p) => p.plan === chosen)?.label}`}
            </Button>
          </div>
        </Form>
      </Card>

      <Card className="mt-6 p-4 ring-red-200 sm:p-6">
        <h2 className="text-lg font-semibold text-red-700">Delete this workspace</h2>
        <p className="mt-1 text-sm text-slate-600">
          Deletes {workspace.name} and everything in it — members, invitations, roles, requests, module data and notifications. People keep their accounts and their other workspaces. This can't be undone.
        </p>
        <Form method="post" className="mt-4 max-w-md space-y-3" noValidate>
          <input type="hidden" name="intent" value="delete" />
          <TextField label={`Type "${workspace.name}" to confirm`} name="confirmName" autoComplete="off" value={confirmName} onChange={(e) => setConfirmName(e.target.value)} errors={deletionErrors.confirmName} />
          <TextField label="Your password" name="password" type="password" autoComplete="current-password" hint="Asked again before anything this big, to be sure it's you." errors={deletionErrors.password} />
          <FormRefusal answer={deletion} fields={["confirmName", "password"]} />
          <Button type="submit" variant="danger" disabled={confirmName.trim() !== workspace.name.trim()} busy={submittingIntent === "delete"}>
            Delete workspace
          </Button>
        </Form>
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
