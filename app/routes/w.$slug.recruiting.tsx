/** Recruiting: open jobs and the candidates who apply, each within the viewer's scope. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator, useRouteError } from "@remix-run/react";
import { useCallback, useMemo, useState } from "react";
import { can } from "../../server/permissions/access";
import { candidateStages, jobStatuses } from "../../server/schemas/recordValues";
import { ErrorPage } from "../components/ErrorPage";
import { Pager } from "../components/Pager";
import { RecordDialog, type RecordField } from "../components/records/RecordDialog";
import { RecordTable } from "../components/records/RecordTable";
import { RecordToolbar } from "../components/records/RecordToolbar";
import { TryOrRequestAccess } from "../components/requests/TryOrRequestAccess";
import { Badge, Button, Card, cx, PageHeader } from "../components/ui";
import { load } from "../lib/calls.server";
import { exportHref, listParamsFrom, useListParamChanger } from "../lib/listParams";
import { useRealtimeEvent } from "../lib/realtime";
import { type RouterOutputs, trpc } from "../lib/trpc";
import { useWorkspace } from "./w.$slug";

export const meta: MetaFunction = () => [{ title: "Recruiting · Team Access" }];

type Job = RouterOutputs["recruiting"]["jobs"]["list"]["rows"][number];
type Candidate = RouterOutputs["recruiting"]["candidates"]["list"]["rows"][number];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const url = new URL(request.url);
  const filters = listParamsFrom(url);
  const current = await load(request, () => context.trpc.workspaces.current({ workspaceSlug }), context.isProduction);
  const mayJobs = current.access.modules.recruiting && Boolean(current.access.permissions["recruiting.jobs.read"]);
  const mayCandidates = current.access.modules.recruiting && Boolean(current.access.permissions["recruiting.candidates.read"]);
  // The view asked for, or the one the member may see.
  const view = url.searchParams.get("view") === "candidates" || !mayJobs ? "candidates" : "jobs";
  const departments = await load(request, () => context.trpc.departments.list({ workspaceSlug }), context.isProduction);
  if (view === "jobs") {
    const jobs = await load(request, () => context.trpc.recruiting.jobs.list({ workspaceSlug, ...filters, pageSize: 25 }), context.isProduction);
    return json({ workspaceSlug, filters, view, jobs, candidates: null, jobOptions: jobs.rows.map((j) => ({ id: j.id, title: j.title })), departments, mayCandidates, mayJobs });
  }
  const [candidates, jobOptions] = await Promise.all([
    load(request, () => context.trpc.recruiting.candidates.list({ workspaceSlug, ...filters, pageSize: 25 }), context.isProduction),
    mayJobs
      ? load(request, () => context.trpc.recruiting.jobs.list({ workspaceSlug, pageSize: 100 }), context.isProduction).then((p) => p.rows.map((j) => ({ id: j.id, title: j.title })))
      : Promise.resolve([]),
  ]);
  return json({ workspaceSlug, filters, view, jobs: null, candidates, jobOptions, departments, mayCandidates, mayJobs });
}

const statusTone = { draft: "slate", open: "green", closed: "red" } as const;
const stageTone = { applied: "slate", screening: "sky", interview: "indigo", offer: "amber", hired: "green", rejected: "red" } as const;
const label = (s: string) => s.slice(0, 1).toUpperCase() + s.slice(1);

export default function RecruitingPage() {
  const data = useLoaderData<typeof loader>();
  const { workspaceSlug, filters, view } = data;
  const { workspace } = useWorkspace();
  const access = workspace.access;
  const revalidator = useRevalidator();
  const refresh = useCallback(() => revalidator.revalidate(), [revalidator]);
  useRealtimeEvent("workspace.changed", refresh);
  const change = useListParamChanger();
  const [editingJob, setEditingJob] = useState<Job | "new" | null>(null);
  const [editingCandidate, setEditingCandidate] = useState<Candidate | "new" | null>(null);
  const utils = trpc.useUtils();
  const jobs = { create: trpc.recruiting.jobs.create.useMutation(), update: trpc.recruiting.jobs.update.useMutation(), remove: trpc.recruiting.jobs.delete.useMutation() };
  const candidates = {
    create: trpc.recruiting.candidates.create.useMutation(),
    update: trpc.recruiting.candidates.update.useMutation(),
    remove: trpc.recruiting.candidates.delete.useMutation(),
  };

  const jobFields: RecordField[] = [
    { name: "title", label: "Title", required: true },
    { name: "location", label: "Location" },
    { name: "status", label: "Status", type: "select", options: jobStatuses.map((s) => ({ value: s, label: label(s) })) },
  ];
  const candidateFields: RecordField[] = [
    { name: "name", label: "Name", required: true },
    { name: "email", label: "Email", type: "email" },
    { name: "jobId", label: "Job", type: "select", options: [{ value: "", label: "No job yet" }, ...data.jobOptions.map((j) => ({ value: j.id, label: j.title }))] },
    { name: "stage", label: "Stage", type: "select", options: candidateStages.map((s) => ({ value: s, label: label(s) })) },
  ];
  const jobInitial = useMemo(
    () => (editingJob && editingJob !== "new" ? { title: editingJob.title, location: editingJob.location ?? "", status: editingJob.status } : { title: "", location: "", status: "open" }),
    [editingJob],
  );
  const candidateInitial = useMemo(
    () =>
      editingCandidate && editingCandidate !== "new"
        ? { name: editingCandidate.name, email: editingCandidate.email ?? "", jobId: editingCandidate.job?.id ?? "", stage: editingCandidate.stage }
        : { name: "", email: "", jobId: "", stage: "applied" },
    [editingCandidate],
  );

  const tab = (to: "jobs" | "candidates", text: string, visible: boolean) =>
    visible ? (
      <Link
        to={to === "jobs" ? "?" : "?view=candidates"}
        aria-current={view === to ? "page" : undefined}
        className={cx("border-b-2 px-1 pb-2 text-sm font-medium", view === to ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900")}
      >
        {text}
      </Link>
    ) : null;

  return (
    <>
      <PageHeader title="Recruiting" description="Open jobs and the candidates who apply." />
      <nav className="mb-4 flex gap-6 border-b border-slate-200" aria-label="Recruiting">
        {tab("jobs", "Jobs", data.mayJobs)}
        {tab("candidates", "Candidates", data.mayCandidates)}
      </nav>
      <Card>
        {view === "jobs" && data.jobs ? (
          <>
            <RecordToolbar
              query={filters.query ?? ""}
              departmentId={filters.departmentId ?? ""}
              departments={data.departments}
              onChange={(next) => change({ q: next.query, department: next.departmentId })}
              exportHref={can(access, "recruiting.jobs.export") ? exportHref(`/w/${workspaceSlug}/export/jobs`, filters) : null}
              exportRefused={
                <TryOrRequestAccess
                  workspaceSlug={workspaceSlug}
                  label="Export CSV"
                  attempt={() => utils.recruiting.jobs.export.fetch({ workspaceSlug, query: filters.query, departmentId: filters.departmentId })}
                  onAllowed={() => window.location.assign(exportHref(`/w/${workspaceSlug}/export/jobs`, filters))}
                />
              }
              createButton={can(access, "recruiting.jobs.create") ? <Button onClick={() => setEditingJob("new")}>New job</Button> : null}
            />
            <RecordTable<Job>
              rows={data.jobs.rows}
              noun="job"
              describe={(j) => j.title}
              canEditAny={can(access, "recruiting.jobs.update")}
              canDeleteAny={can(access, "recruiting.jobs.delete")}
              onEdit={(j) => setEditingJob(j)}
              onDelete={async (j) => {
                await jobs.remove.mutateAsync({ workspaceSlug, id: j.id });
                refresh();
              }}
              columns={[
                { header: "Title", cell: (j) => <span className="font-medium text-slate-900">{j.title}</span> },
                { header: "Location", cell: (j) => j.location ?? <span className="text-slate-400">—</span> },
                { header: "Status", cell: (j) => <Badge tone={statusTone[j.status]}>{label(j.status)}</Badge> },
                { header: "Candidates", cell: (j) => j.candidateCount, className: "hidden px-4 py-3 md:table-cell" },
              ]}
            />
            <Pager page={data.jobs.page} pageSize={data.jobs.pageSize} hasMore={data.jobs.hasMore} shown={data.jobs.rows.length} onPage={(page) => change({ page })} />
          </>
        ) : null}
        {view === "candidates" && data.candidates ? (
          <>
            <RecordToolbar
              query={filters.query ?? ""}
              departmentId={filters.departmentId ?? ""}
              departments={data.departments}
              onChange={(next) => change({ q: next.query, department: next.departmentId })}
              exportHref={can(access, "recruiting.candidates.export") ? exportHref(`/w/${workspaceSlug}/export/candidates`, filters) : null}
              exportRefused={
                <TryOrRequestAccess
                  workspaceSlug={workspaceSlug}
                  label="Export CSV"
                  attempt={() => utils.recruiting.candidates.export.fetch({ workspaceSlug, query: filters.query, departmentId: filters.departmentId })}
                  onAllowed={() => window.location.assign(exportHref(`/w/${workspaceSlug}/export/candidates`, filters))}
                />
              }
              createButton={can(access, "recruiting.candidates.create") ? <Button onClick={() => setEditingCandidate("new")}>New candidate</Button> : null}
            />
            <RecordTable<Candidate>
              rows={data.candidates.rows}
              noun="candidate"
              describe={(c) => c.name}
              canEditAny={can(access, "recruiting.candidates.update")}
              canDeleteAny={can(access, "recruiting.candidates.delete")}
              onEdit={(c) => setEditingCandidate(c)}
              onDelete={async (c) => {
                await candidates.remove.mutateAsync({ workspaceSlug, id: c.id });
                refresh();
              }}
              columns={[
                {
                  header: "Name",
                  cell: (c) => (
                    <div>
                      <p className="font-medium text-slate-900">{c.name}</p>
                      <p className="text-slate-500">{c.email ?? ""}</p>
                    </div>
                  ),
                },
                { header: "Job", cell: (c) => c.job?.title ?? <span className="text-slate-400">—</span> },
                { header: "Stage", cell: (c) => <Badge tone={stageTone[c.stage]}>{label(c.stage)}</Badge> },
              ]}
            />
            <Pager
              page={data.candidates.page}
              pageSize={data.candidates.pageSize}
              hasMore={data.candidates.hasMore}
              shown={data.candidates.rows.length}
              onPage={(page) => change({ page })}
            />
          </>
        ) : null}
      </Card>
      <RecordDialog
        open={editingJob !== null}
        title={editingJob === "new" ? "New job" : "Edit job"}
        fields={jobFields}
        initial={jobInitial}
        onClose={() => setEditingJob(null)}
        onSubmit={async (values) => {
          const status = jobStatuses.find((s) => s === values.status) ?? "open";
          const body = { title: values.title ?? "", location: values.location || null, status };
          if (editingJob === "new") await jobs.create.mutateAsync({ workspaceSlug, ...body });
          else if (editingJob) await jobs.update.mutateAsync({ workspaceSlug, id: editingJob.id, ...body });
          refresh();
        }}
      />
      <RecordDialog
        open={editingCandidate !== null}
        title={editingCandidate === "new" ? "New candidate" : "Edit candidate"}
        fields={candidateFields}
        initial={candidateInitial}
        onClose={() => setEditingCandidate(null)}
        onSubmit={async (values) => {
          const stage = candidateStages.find((s) => s === values.stage) ?? "applied";
          const body = { name: values.name ?? "", email: values.email || null, jobId: values.jobId || null, stage };
          if (editingCandidate === "new") await candidates.create.mutateAsync({ workspaceSlug, ...body });
          else if (editingCandidate) await candidates.update.mutateAsync({ workspaceSlug, id: editingCandidate.id, ...body });
          refresh();
        }}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
