/** CRM contacts: the list within the viewer's scope, and the actions their permissions allow. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useRevalidator, useRouteError } from "@remix-run/react";
import { useCallback, useMemo, useState } from "react";
import { can } from "../../server/permissions/access";
import { ErrorPage } from "../components/ErrorPage";
import { Pager } from "../components/Pager";
import { RecordDialog, type RecordField } from "../components/records/RecordDialog";
import { RecordTable } from "../components/records/RecordTable";
import { RecordToolbar } from "../components/records/RecordToolbar";
import { TryOrRequestAccess } from "../components/requests/TryOrRequestAccess";
import { Button, Card, PageHeader } from "../components/ui";
import { load } from "../lib/calls.server";
import { exportHref, listParamsFrom, useListParamChanger } from "../lib/listParams";
import { useRealtimeEvent } from "../lib/realtime";
import { type RouterOutputs, trpc } from "../lib/trpc";
import { useWorkspace } from "./w.$slug";

export const meta: MetaFunction = () => [{ title: "CRM · Team Access" }];

type Contact = RouterOutputs["crm"]["contacts"]["list"]["rows"][number];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const filters = listParamsFrom(new URL(request.url));
  const [contacts, departments] = await Promise.all([
    load(request, () => context.trpc.crm.contacts.list({ workspaceSlug, ...filters, pageSize: 25 }), context.isProduction),
    load(request, () => context.trpc.departments.list({ workspaceSlug }), context.isProduction),
  ]);
  return json({ workspaceSlug, filters, contacts, departments });
}

const fields: RecordField[] = [
  { name: "name", label: "Name", required: true },
  { name: "email", label: "Email", type: "email" },
  { name: "company", label: "Company" },
  { name: "phone", label: "Phone", type: "tel" },
];

const scopeWords = { own: "your own contacts", team: "contacts owned by you and your team", all: "all contacts in the workspace" } as const;

export default function CrmPage() {
  const { workspaceSlug, filters, contacts, departments } = useLoaderData<typeof loader>();
  const { workspace } = useWorkspace();
  const access = workspace.access;
  const revalidator = useRevalidator();
  const refresh = useCallback(() => revalidator.revalidate(), [revalidator]);
  useRealtimeEvent("workspace.changed", refresh);
  const change = useListParamChanger();
  const [editing, setEditing] = useState<Contact | "new" | null>(null);
  const utils = trpc.useUtils();
  const create = trpc.crm.contacts.create.useMutation();
  const update = trpc.crm.contacts.update.useMutation();
  const remove = trpc.crm.contacts.delete.useMutation();
  const readScope = access.permissions["crm.contacts.read"];

  const initial = useMemo(
    () =>
      editing && editing !== "new"
        ? { name: editing.name, email: editing.email ?? "", company: editing.company ?? "", phone: editing.phone ?? "" }
        : { name: "", email: "", company: "", phone: "" },
    [editing],
  );

  return (
    <>
      <PageHeader title="Contacts" description={readScope ? `You see ${scopeWords[readScope]}.` : undefined} />
      <Card>
        <RecordToolbar
          query={filters.query ?? ""}
          departmentId={filters.departmentId ?? ""}
          departments={departments}
          onChange={(next) => change({ q: next.query, department: next.departmentId })}
          exportHref={can(access, "crm.contacts.export") ? exportHref(`/w/${workspaceSlug}/export/contacts`, filters) : null}
          exportRefused={
            <TryOrRequestAccess
              workspaceSlug={workspaceSlug}
              label="Export CSV"
              attempt={() => utils.crm.contacts.export.fetch({ workspaceSlug, query: filters.query, departmentId: filters.departmentId })}
              onAllowed={() => window.location.assign(exportHref(`/w/${workspaceSlug}/export/contacts`, filters))}
            />
          }
          createButton={can(access, "crm.contacts.create") ? <Button onClick={() => setEditing("new")}>New contact</Button> : null}
        />
        <RecordTable<Contact>
          rows={contacts.rows}
          noun="contact"
          describe={(c) => c.name}
          canEditAny={can(access, "crm.contacts.update")}
          canDeleteAny={can(access, "crm.contacts.delete")}
          onEdit={(c) => setEditing(c)}
          onDelete={async (c) => {
            await remove.mutateAsync({ workspaceSlug, id: c.id });
            refresh();
          }}
          columns={[
            {
              header: "Name",
              cell: (c) => (
                <div className="min-w-0">
                  <p className="font-medium text-slate-900">{c.name}</p>
                  <p className="text-slate-500">{c.email ?? ""}</p>
                </div>
              ),
            },
            { header: "Company", cell: (c) => c.company ?? <span className="text-slate-400">—</span> },
            { header: "Phone", cell: (c) => c.phone ?? <span className="text-slate-400">—</span>, className: "hidden whitespace-nowrap px-4 py-3 md:table-cell" },
            { header: "Department", cell: (c) => c.department?.name ?? <span className="text-slate-400">—</span>, className: "hidden px-4 py-3 lg:table-cell" },
          ]}
        />
        <Pager page={contacts.page} pageSize={contacts.pageSize} hasMore={contacts.hasMore} shown={contacts.rows.length} onPage={(page) => change({ page })} />
      </Card>
      <RecordDialog
        open={editing !== null}
        title={editing === "new" ? "New contact" : "Edit contact"}
        fields={fields}
        initial={initial}
        onClose={() => setEditing(null)}
        onSubmit={async (values) => {
          const body = { name: values.name ?? "", email: values.email || null, company: values.company || null, phone: values.phone || null };
          if (editing === "new") await create.mutateAsync({ workspaceSlug, ...body });
          else if (editing) await update.mutateAsync({ workspaceSlug, id: editing.id, ...body });
          refresh();
        }}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
