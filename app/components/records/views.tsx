/**
 * How each record resource looks on its page: the form's fields, the list's
 * columns, and how a row becomes the form and the form a request. One entry
 * per resource of the catalogue (the type refuses a missing one).
 */
import type { ReactNode } from "react";
import type { RecordResource } from "#shared/permissions/catalogue";
import { candidateStages, jobStatuses } from "#shared/records/values";
import type { RecordRowOf } from "../../lib/records";
import { Badge } from "../ui";
import type { RecordField } from "./RecordDialog";
import type { RecordColumn } from "./RecordTable";

export interface RecordView<R extends RecordResource> {
  noun: string;
  plural: string;
  fields: RecordField[];
  columns: Array<RecordColumn<RecordRowOf<R>>>;
  describe: (row: RecordRowOf<R>) => string;
  /** The form's values for a row, or for a new record (null). */
  form: (row: RecordRowOf<R> | null) => Record<string, string>;
}

const none = <span className="text-slate-400">—</span>;
const label = (s: string) => s.slice(0, 1).toUpperCase() + s.slice(1);
const options = (values: readonly string[]) => values.map((value) => ({ value, label: label(value) }));
const nameAndEmail = (r: { name: string; email: string | null }): ReactNode => (
  <div className="min-w-0">
    <p className="font-medium text-slate-900">{r.name}</p>
    <p className="text-slate-500">{r.email ?? ""}</p>
  </div>
);
const statusTone = { draft: "slate", open: "green", closed: "red" } as const;
const stageTone = { applied: "slate", screening: "sky", interview: "indigo", offer: "amber", hired: "green", rejected: "red" } as const;

export const recordViews: { [R in RecordResource]: RecordView<R> } = {
  "crm.contacts": {
    noun: "contact",
    plural: "contacts",
    fields: [
      { name: "name", label: "Name", required: true },
      { name: "email", label: "Email", type: "email" },
      { name: "company", label: "Company" },
      { name: "phone", label: "Phone", type: "tel" },
    ],
    columns: [
      { header: "Name", cell: nameAndEmail },
      { header: "Company", cell: (c) => c.company ?? none },
      { header: "Phone", cell: (c) => c.phone ?? none, className: "hidden whitespace-nowrap px-4 py-3 md:table-cell" },
      { header: "Department", cell: (c) => c.department?.name ?? none, className: "hidden px-4 py-3 lg:table-cell" },
    ],
    describe: (c) => c.name,
    form: (c) => ({ name: c?.name ?? "", email: c?.email ?? "", company: c?.company ?? "", phone: c?.phone ?? "" }),
  },
  "crm.companies": {
    noun: "company",
    plural: "companies",
    fields: [
      { name: "name", label: "Name", required: true },
      { name: "domain", label: "Domain" },
      { name: "industry", label: "Industry" },
    ],
    columns: [
      { header: "Name", cell: (c) => <span className="font-medium text-slate-900">{c.name}</span> },
      { header: "Domain", cell: (c) => c.domain ?? none },
      { header: "Industry", cell: (c) => c.industry ?? none, className: "hidden px-4 py-3 md:table-cell" },
    ],
    describe: (c) => c.name,
    form: (c) => ({ name: c?.name ?? "", domain: c?.domain ?? "", industry: c?.industry ?? "" }),
  },
  "recruiting.jobs": {
    noun: "job",
    plural: "jobs",
    fields: [
      { name: "title", label: "Title", required: true },
      { name: "location", label: "Location" },
      { name: "status", label: "Status", type: "select", options: options(jobStatuses) },
    ],
    columns: [
      { header: "Title", cell: (j) => <span className="font-medium text-slate-900">{j.title}</span> },
      { header: "Location", cell: (j) => j.location ?? none },
      { header: "Status", cell: (j) => <Badge tone={statusTone[j.status]}>{label(j.status)}</Badge> },
      { header: "Candidates", cell: (j) => j.candidateCount, className: "hidden px-4 py-3 md:table-cell" },
    ],
    describe: (j) => j.title,
    form: (j) => ({ title: j?.title ?? "", location: j?.location ?? "", status: j?.status ?? "open" }),
  },
  "recruiting.candidates": {
    noun: "candidate",
    plural: "candidates",
    fields: [
      { name: "name", label: "Name", required: true },
      { name: "email", label: "Email", type: "email" },
      { name: "jobId", label: "Job", type: "select", source: "recruiting.jobs", options: [{ value: "", label: "No job yet" }] },
      { name: "stage", label: "Stage", type: "select", options: options(candidateStages) },
    ],
    columns: [
      { header: "Name", cell: nameAndEmail },
      { header: "Job", cell: (c) => c.job?.title ?? none },
      { header: "Stage", cell: (c) => <Badge tone={stageTone[c.stage]}>{label(c.stage)}</Badge> },
    ],
    describe: (c) => c.name,
    form: (c) => ({ name: c?.name ?? "", email: c?.email ?? "", jobId: c?.job?.id ?? "", stage: c?.stage ?? "applied" }),
  },
};

/** The request body from the form: empty optional text is null, a select keeps its value or its first option. */
export function formBody(fields: RecordField[], values: Record<string, string>): Record<string, string | null> {
  return Object.fromEntries(
    fields.map((f) => {
      const value = values[f.name] ?? "";
      if (f.required) return [f.name, value];
      if (f.type === "select" && !f.source) return [f.name, f.options?.some((o) => o.value === value) ? value : (f.options?.[0]?.value ?? null)];
      return [f.name, value || null];
    }),
  );
}
