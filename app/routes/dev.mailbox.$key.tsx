/**
 * The development mailbox: every email the app would have sent while no
 * Postmark token is set. Served only at /dev/mailbox/<key>, the address the
 * server prints at start; any other key (or Postmark configured) is a 404,
 * as if there were no such page (decision 15).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Alert, Button, Card, EmptyState, PageHeader, TextField } from "../components/ui";
import { load } from "../lib/calls.server";
import { Time } from "../lib/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: "Development mailbox · Team Access" }, { name: "robots", content: "noindex" }] : [{ title: "Team Access" }]);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const to = new URL(request.url).searchParams.get("to") ?? "";
  try {
    const messages = await load(request, () => context.trpc.dev.mailbox({ key: params.key ?? "", to: to || undefined }), context.isProduction);
    return json({ to, messages });
  } catch (refusal) {
    // A wrong key gets the very page an address nobody serves gets.
    if (refusal instanceof Response && refusal.status === 404) throw new Response(null, { status: 404, statusText: "Not Found" });
    throw refusal;
  }
}

export default function DevMailbox() {
  const { to, messages } = useLoaderData<typeof loader>();
  return (
    <main className="mx-auto max-w-4xl px-4 py-10">
      <PageHeader title="Development mailbox" description="No Postmark token is configured, so emails are kept here instead of being sent." />
      <Alert tone="warning" className="mb-6">
        Keep this page's address to yourself: anyone who has it reads every email, invitation links included. It changes each time the server starts (unless DEV_MAILBOX_KEY is set).
      </Alert>
      <Form method="get" className="mb-6 flex items-end gap-2">
        <TextField label="Recipient" name="to" type="email" defaultValue={to} placeholder="someone@company.com" className="flex-1" />
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </Form>
      <Card>
        {messages.length === 0 ? (
          <EmptyState title="No emails yet">Invitations and notifications will appear here.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100">
            {messages.map((m) => (
              <li key={m.id} className="px-4 py-4" data-testid="mail" data-to={m.to}>
                <details>
                  <summary className="cursor-pointer">
                    <span className="font-medium text-slate-900">{m.subject}</span>
                    <span className="ml-2 text-sm text-slate-500">
                      to {m.to} · <Time value={m.createdAt} />
                    </span>
                  </summary>
                  <pre className="mt-3 whitespace-pre-wrap rounded-md bg-slate-50 p-3 text-sm text-slate-800" data-testid="mail-text">
                    {m.text}
                  </pre>
                </details>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </main>
  );
}
