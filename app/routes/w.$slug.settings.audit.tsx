/**
 * The Audit Log (audit.view): who changed what, filtered by actor, action,
 * target and date, a page at a time, exportable as CSV. Read-only: the
 * database itself refuses edits and deletes.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { Alert, Avatar, Badge, Button, Card, EmptyState, PageHeader, SelectField, TextField, buttonClass, ChoiceOptions } from "../components/ui";
import { auditActionLabel } from "../lib/auditLabels";
import { attempt, load } from "../lib/calls.server";
import { Time, useFormat } from "../lib/time";
import { timeHintsOfRequest } from "#shared/time/hints";
import { TableHead } from "../components/uiTable";
import { Changes } from "../components/audit/Changes";
import { auditRow } from "../components/audit/row";

export const meta: MetaFunction = () => [{ title: "Audit Log · Team Access" }];

const filterKeys = ["actor", "action", "target", "from", "to"] as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const url = new URL(request.url);
  const values = Object.fromEntries(filterKeys.map((k) => [k, url.searchParams.get(k) ?? ""])) as Record<(typeof filterKeys)[number], string>;
  const page = Math.max(1, Math.min(100_000, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1));
  // Days in the filters and times in the rows are the reader's, in their own time zone.
  const { timeZone } = timeHintsOfRequest(request);
  const filters = { actorUserId: values.actor, action: values.action, target: values.target, from: values.from, to: values.to, timeZone };
  const answered = await load(request, () => context.trpc.auditLog.filterChoices({ workspaceSlug }), context.isProduction);
  // The person filter shows names; the option's value is the id.
  const choices = { ...answered, actors: answered.actors.map(({ id, name }) => ({ id, name })) };
  const result = await attempt(() => context.trpc.auditLog.list({ workspaceSlug, filters, page, pageSize: 50 }), context.isProduction);
  if (!result.ok) {
    if (result.error.appCode !== "INVALID_INPUT") {
      throw json({ appCode: result.error.appCode, message: result.error.message }, { status: result.error.httpStatus });
    }
    return json({ workspaceSlug, values, choices, log: null, fieldErrors: result.error.fieldErrors ?? {}, query: url.searchParams.toString() });
  }
  // Only what the rows show (decision 52).
  const log = { ...result.value, entries: result.value.entries.map(auditRow) };
  return json({ workspaceSlug, values, choices, log, fieldErrors: {} as Record<string, string[] | undefined>, query: url.searchParams.toString() });
}

function pageLink(query: string, page: number): string {
  const params = new URLSearchParams(query);
  params.set("page", String(page));
  return `?${params.toString()}`;
}

function fieldError(errors: Record<string, string[] | undefined>, ...keys: string[]): string | null {
  for (const key of keys) {
    const found = Object.entries(errors).find(([k]) => k === key || k.endsWith(`.${key}`));
    if (found?.[1]?.[0]) return found[1][0];
  }
  return null;
}

export default function AuditLogPage() {
  const { workspaceSlug, values, choices, log, fieldErrors, query } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const { zone } = useFormat();
  const exportQuery = new URLSearchParams(query);
  exportQuery.delete("page");
  const filtered = filterKeys.some((k) => values[k]);
  return (
    <>
      <PageHeader
        title="Audit Log"
        description={`Every change to members, roles, modules, departments, invitations, requests, grants, the plan, settings and views-as, with who did it. Entries can't be edited or deleted. Dates and times are in your time zone, ${zone}.`}
        actions={
          <a href={`/w/${workspaceSlug}/settings/audit.csv?${exportQuery.toString()}`} className={buttonClass("secondary", "md", "whitespace-nowrap")} download>
            Export CSV
          </a>
        }
      />
      <Card className="mb-4 p-4">
        <Form method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-6" aria-label="Filter the audit log">
          <SelectField label="Person" name="actor" defaultValue={values.actor} errors={fieldError(fieldErrors, "actorUserId")} className="lg:col-span-1">
            <option value="">Anyone</option>
            <ChoiceOptions choices={choices.actors} />
          </SelectField>
          <SelectField label="Action" name="action" defaultValue={values.action} errors={fieldError(fieldErrors, "action")} className="lg:col-span-1">
            <option value="">Any action</option>
            {choices.actions.map((a) => (
              <option key={a} value={a}>
                {auditActionLabel(a)}
              </option>
            ))}
          </SelectField>
          <TextField label="Target" name="target" defaultValue={values.target} placeholder="Name or id" errors={fieldError(fieldErrors, "target")} className="lg:col-span-1" />
          <TextField label="From" hint={zone} name="from" type="date" defaultValue={values.from} errors={fieldError(fieldErrors, "from")} />
          <TextField label="To" hint={zone} name="to" type="date" defaultValue={values.to} errors={fieldError(fieldErrors, "to")} />
          <div className="flex items-end gap-2">
            <Button type="submit" busy={navigation.state === "loading" && navigation.location.pathname.endsWith("/settings/audit")}>
              Filter
            </Button>
            {filtered ? (
              <Link to="." className={buttonClass("ghost")}>
                Clear
              </Link>
            ) : null}
          </div>
        </Form>
      </Card>
      {!log ? (
        <Alert tone="error">Some filters are not valid; see the messages above.</Alert>
      ) : log.entries.length === 0 ? (
        <Card>
          <EmptyState title={filtered ? "No entries match these filters" : "Nothing recorded yet"} />
        </Card>
      ) : (
        <Card>
          <div className="relative overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <TableHead
                columns={[
                  {
                    label: (
                      <>
                        When{" "}
                        <span className="font-normal normal-case tracking-normal" data-testid="audit-zone">
                          ({zone})
                        </span>
                      </>
                    ),
                  },
                  "Who",
                  "What",
                  "Target",
                  { label: "Changes", className: "hidden md:table-cell" },
                ]}
              />
              <tbody className="divide-y divide-slate-100">
                {log.entries.map((entry) => (
                  <tr key={entry.id} data-testid="audit-row" data-action={entry.action} className="align-top">
                    <td className="whitespace-nowrap px-4 py-3 text-slate-600">
                      <Time value={entry.at} style="dateTimeSecondsZone" />
                    </td>
                    <td className="px-4 py-3">
                      {entry.actor ? (
                        <div className="flex items-center gap-2">
                          <Avatar name={entry.actor} size="sm" />
                          <span className="font-medium text-slate-900">{entry.actor}</span>
                        </div>
                      ) : (
                        <span className="text-slate-500">System</span>
                      )}
                      {entry.impersonator ? <p className="mt-1 text-xs text-amber-800">viewed as them by {entry.impersonator}</p> : null}
                    </td>
                    <td className="px-4 py-3">
                      <span className="font-medium text-slate-900">{auditActionLabel(entry.action)}</span>
                      <p className="text-xs text-slate-500">{entry.action}</p>
                    </td>
                    <td className="px-4 py-3">
                      <span className="text-slate-900">{entry.target ?? "—"}</span> <Badge>{entry.targetType}</Badge>
                    </td>
                    <td className="hidden max-w-xs px-4 py-3 md:table-cell">
                      <Changes entry={{ before: entry.before ?? null, after: entry.after ?? null }} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="flex items-center justify-between border-t border-slate-100 px-4 py-3 text-sm" aria-label="Pages">
            <p className="text-slate-600">
              {log.total} {log.total === 1 ? "entry" : "entries"} · page {log.page} of {log.pageCount}
            </p>
            <div className="flex gap-2">
              {log.page > 1 ? (
                <Link to={pageLink(query, log.page - 1)} className={buttonClass("secondary", "sm")}>
                  Previous
                </Link>
              ) : null}
              {log.page < log.pageCount ? (
                <Link to={pageLink(query, log.page + 1)} className={buttonClass("secondary", "sm")}>
                  Next
                </Link>
              ) : null}
            </div>
          </nav>
        </Card>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
