/** The department report: members and records per department, records counted within the viewer's access. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useRouteError } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { Card, PageHeader } from "../components/ui";
import { load } from "../lib/calls.server";
import { useFormat } from "../lib/time";
import { TableHead } from "../components/uiTable";

export const meta: MetaFunction = () => [{ title: "Department report · Team Access" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const report = await load(request, () => context.trpc.departments.report({ workspaceSlug }), context.isProduction);
  return json({ report });
}

function Count({ value }: { value: number | null }) {
  const { number } = useFormat();
  return value === null ? (
    <span className="text-slate-400" title="Not in your access">
      —
    </span>
  ) : (
    <>{number(value)}</>
  );
}

export default function DepartmentReport() {
  const { report } = useLoaderData<typeof loader>();
  const totals = report.reduce((t, r) => ({ members: t.members + r.members, contacts: t.contacts + (r.contacts ?? 0), jobs: t.jobs + (r.jobs ?? 0), candidates: t.candidates + (r.candidates ?? 0) }), {
    members: 0,
    contacts: 0,
    jobs: 0,
    candidates: 0,
  });
  const first = report[0];
  const { number } = useFormat();
  return (
    <>
      <PageHeader title="Department report" description="Members, and the records they own, per department. Records are counted only where you have access to them." />
      <Card>
        <div className="relative overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="department-report">
            <TableHead
              columns={[
                "Department",
                { label: "Members", className: "text-right" },
                { label: "Contacts", className: "text-right" },
                { label: "Jobs", className: "text-right" },
                { label: "Candidates", className: "text-right" },
              ]}
            />
            <tbody className="divide-y divide-slate-100">
              {report.map((r) => (
                <tr key={r.departmentId ?? "none"}>
                  <th scope="row" className={r.departmentId ? "px-4 py-3 text-left font-medium text-slate-900" : "px-4 py-3 text-left font-normal italic text-slate-600"}>
                    {r.name}
                  </th>
                  <td className="px-4 py-3 text-right">{number(r.members)}</td>
                  <td className="px-4 py-3 text-right">
                    <Count value={r.contacts} />
                  </td>
                  <td className="px-4 py-3 text-right">
                    <Count value={r.jobs} />
                  </td>
                  <td className="px-4 py-3 text-right">
                    <Count value={r.candidates} />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot className="bg-slate-50 font-semibold">
              <tr>
                <th scope="row" className="px-4 py-3 text-left">
                  Total
                </th>
                <td className="px-4 py-3 text-right">{number(totals.members)}</td>
                <td className="px-4 py-3 text-right">{first?.contacts === null ? "—" : number(totals.contacts)}</td>
                <td className="px-4 py-3 text-right">{first?.jobs === null ? "—" : number(totals.jobs)}</td>
                <td className="px-4 py-3 text-right">{first?.candidates === null ? "—" : number(totals.candidates)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
