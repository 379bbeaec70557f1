/**
 * Your sessions: every browser where you're signed in (device and browser in
 * words, address, when it signed in, when it was last used; this one
 * marked), and signing out one of them or all the others. A browser signed
 * out here is signed out at once: its next page is the sign-in page and its
 * live connection closes.
 */
import type { RouterOutputs } from "../lib/trpc";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormRefusal } from "../components/FormRefusal";
import { Alert, Badge, Button, Card, PageHeader } from "../components/ui";
import { load } from "../lib/calls.server";
import { passRetryAfter } from "../lib/errors";
import { answered, callForm, formValues, refused } from "../lib/formAnswer.server";
import { Time, useFormat } from "../lib/time";

type MySession = RouterOutputs["sessions"]["list"][number];

export const meta: MetaFunction = () => [{ title: "Your sessions · Team Access" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const sessions = await load(request, () => context.trpc.sessions.list(), context.isProduction);
  return json({ sessions });
}

// A refusal that says when to try again answers with Retry-After (app/lib/errors.ts).
export const headers = passRetryAfter;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formValues(await request.formData());
  if (form.intent === "sign-out-others") {
    const result = await callForm(context, () => context.trpc.sessions.signOutOthers());
    if (!result.ok) return refused(result);
    const n = result.value.signedOut;
    return answered({ message: n === 0 ? "You were not signed in anywhere else." : `Signed out ${n} other session${n === 1 ? "" : "s"}.` });
  }
  const result = await callForm(context, () => context.trpc.sessions.signOut({ sessionId: form.sessionId ?? "" }));
  if (!result.ok) return refused(result);
  if (result.value.thisBrowser) return redirect("/sign-in");
  return answered({ message: `Signed out ${form.device ? `“${form.device}”` : "that session"}.` });
}

const kindLabels: Record<MySession["device"]["kind"], string> = { computer: "Computer", phone: "Phone", tablet: "Tablet", other: "Other" };

function SessionRow({ session, busy }: { session: MySession; busy: boolean }) {
  const { date } = useFormat();
  return (
    <li data-testid="session-row" data-current={session.current ? "true" : "false"} data-session-id={session.id} className="flex flex-wrap items-start justify-between gap-3 px-4 py-4">
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
          <span data-testid="session-device">{session.device.summary}</span>
          {session.current ? <Badge tone="green">This browser</Badge> : <Badge>{kindLabels[session.device.kind]}</Badge>}
        </p>
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm text-slate-600">
          <dt className="text-slate-500">Address</dt>
          <dd>{session.ip ?? "Unknown"}</dd>
          <dt className="text-slate-500">Signed in</dt>
          <dd>
            <Time value={session.signedInAt} />
          </dd>
          <dt className="text-slate-500">Last seen</dt>
          <dd>{session.current ? "Now" : <Time value={session.lastSeenAt} />}</dd>
        </dl>
      </div>
      {session.current ? null : (
        <Form method="post">
          <input type="hidden" name="intent" value="sign-out" />
          <input type="hidden" name="sessionId" value={session.id} />
          <input type="hidden" name="device" value={session.device.summary} />
          <Button type="submit" variant="secondary" size="sm" disabled={busy} aria-label={`Sign out ${session.device.summary}, last seen ${date(session.lastSeenAt)}`}>
            Sign out
          </Button>
        </Form>
      )}
    </li>
  );
}

export default function YourSessions() {
  const { sessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const others = sessions.filter((s) => !s.current).length;
  return (
    <>
      <PageHeader title="Your sessions" description="Everywhere you're signed in. Sign out any browser you don't recognise or no longer use; it is signed out at once." />
      {result?.ok ? (
        <Alert tone="success" className="mb-4">
          {result.message}
        </Alert>
      ) : null}
      <FormRefusal answer={result} className="mb-4" />
      <Card>
        <ul className="divide-y divide-slate-100">
          {sessions.map((session) => (
            <SessionRow key={session.id} session={session} busy={busy} />
          ))}
        </ul>
      </Card>
      <div className="mt-6 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600">Sessions end after a while without use, and a while after signing in however active they are; then you sign in again.</p>
        <Form method="post">
          <input type="hidden" name="intent" value="sign-out-others" />
          <Button type="submit" variant="secondary" disabled={busy || others === 0}>
            Sign out all other sessions
          </Button>
        </Form>
      </div>
    </>
  );
}
