/** A module's page: a tab per resource the member may read, and the chosen one's list, filters, export and form. */
import { Link } from "@remix-run/react";
import { useMemo, useState } from "react";
import { can } from "#shared/permissions/access";
import { type ModuleKey, moduleDefinitions, type RecordResource, type Scope } from "#shared/permissions/catalogue";
import type { ListParams } from "../../lib/listParams";
import { exportHref, useListParamChanger } from "../../lib/listParams";
import { useLiveRefresh } from "../../lib/liveRefresh";
import { recordClient, type RecordPage, type RecordRow } from "../../lib/records";
import { trpc } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";
import { Pager } from "../Pager";
import { TryOrRequestAccess } from "../requests/TryOrRequestAccess";
import { Button, Card, cx, PageHeader } from "../ui";
import { RecordDialog } from "./RecordDialog";
import { RecordTable } from "./RecordTable";
import { RecordToolbar } from "./RecordToolbar";
import { formBody, recordViews, type RecordView } from "./views";

interface Props {
  workspaceSlug: string;
  filters: ListParams;
  module: ModuleKey;
  resource: RecordResource;
  tabs: RecordResource[];
  page: RecordPage;
  departments: Array<{ id: string; name: string }>;
  options: Partial<Record<RecordResource, Array<{ value: string; label: string }>>>;
}

type Row = RecordRow;

const scopeWords = (plural: string): Record<Scope, string> => ({ own: `your own ${plural}`, team: `${plural} owned by you and your team`, all: `all ${plural} in the workspace` });

export function ModuleRecordsPage(props: Props) {
  const { workspaceSlug, filters, module, resource, page, departments } = props;
  const view = recordViews[resource] as unknown as RecordView<RecordResource> & { columns: Array<{ header: string; cell: (row: Row) => React.ReactNode }> };
  const rows = page.rows;
  const { workspace } = useWorkspace();
  const { access } = workspace;
  const refresh = useLiveRefresh(["workspace.changed"], { workspaceId: workspace.id });
  const change = useListParamChanger();
  const client = recordClient(trpc.useUtils().client, resource);
  const [editing, setEditing] = useState<Row | "new" | null>(null);
  const fields = useMemo(() => view.fields.map((f) => (f.source ? { ...f, options: [...(f.options ?? []), ...(props.options[f.source] ?? [])] } : f)), [view, props.options]);
  const initial = useMemo(() => view.form(editing && editing !== "new" ? (editing as never) : null), [view, editing]);
  const readScope = access.permissions[`${resource}.read`];
  const href = exportHref(`/w/${workspaceSlug}/export/${resource.split(".")[1]}`, filters);
  const noun = view.noun;
  const Noun = noun.slice(0, 1).toUpperCase() + noun.slice(1);

  return (
    <>
      <PageHeader title={moduleDefinitions[module].label} description={readScope ? `You see ${scopeWords(view.plural)[readScope]}.` : undefined} />
      {props.tabs.length > 1 ? (
        <nav className="mb-4 flex gap-6 border-b border-slate-200" aria-label={moduleDefinitions[module].label}>
          {props.tabs.map((tab) => (
            <Link
              key={tab}
              to={`?view=${tab.split(".")[1]}`}
              aria-current={tab === resource ? "page" : undefined}
              className={cx("border-b-2 px-1 pb-2 text-sm font-medium", tab === resource ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900")}
            >
              {(moduleDefinitions[module].resources as Record<string, string>)[tab.split(".")[1]!]}
            </Link>
          ))}
        </nav>
      ) : null}
      <Card>
        <RecordToolbar
          query={filters.query ?? ""}
          departmentId={filters.departmentId ?? ""}
          departments={departments}
          onChange={(next) => change({ q: next.query, department: next.departmentId })}
          exportHref={can(access, `${resource}.export`) ? href : null}
          exportRefused={
            <TryOrRequestAccess
              workspaceSlug={workspaceSlug}
              label="Export CSV"
              attempt={() => client.export.query({ workspaceSlug, query: filters.query, departmentId: filters.departmentId })}
              onAllowed={() => window.location.assign(href)}
            />
          }
          createButton={can(access, `${resource}.create`) ? <Button onClick={() => setEditing("new")}>New {noun}</Button> : null}
        />
        <RecordTable<Row>
          rows={rows}
          noun={noun}
          describe={(row) => view.describe(row as never)}
          canEditAny={can(access, `${resource}.update`)}
          canDeleteAny={can(access, `${resource}.delete`)}
          onEdit={(row) => setEditing(row)}
          onDelete={async (row) => {
            await client.delete.mutate({ workspaceSlug, id: row.id });
            refresh();
          }}
          columns={view.columns}
        />
        <Pager page={page.page} pageSize={page.pageSize} hasMore={page.hasMore} shown={rows.length} onPage={(p) => change({ page: p })} />
      </Card>
      <RecordDialog
        open={editing !== null}
        title={editing === "new" ? `New ${noun}` : `Edit ${noun}`}
        fields={fields}
        initial={initial}
        onClose={() => setEditing(null)}
        onSubmit={async (values) => {
          const body = formBody(fields, values);
          if (editing === "new") await client.create.mutate({ workspaceSlug, ...body });
          else if (editing) await client.update.mutate({ workspaceSlug, id: editing.id, ...body });
          refresh();
        }}
      />
    </>
  );
}
