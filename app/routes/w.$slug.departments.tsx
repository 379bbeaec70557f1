/** Departments: admins create, rename and delete them; everyone sees who is in each. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { type FormEvent, useState } from "react";
import { can } from "#shared/permissions/access";
import { ConfirmDialog } from "../components/Dialog";
import { ErrorPage } from "../components/ErrorPage";
import { Button, Card, EmptyState, PageHeader, TextField } from "../components/ui";
import { load } from "../lib/calls.server";
import { readError } from "../lib/errors";
import { useLiveRefresh } from "../lib/liveRefresh";
import { type RouterOutputs, trpc } from "../lib/trpc";
import { useWorkspace } from "./w.$slug";

export const meta: MetaFunction = () => [{ title: "Departments · Team Access" }];

type Department = RouterOutputs["departments"]["list"][number];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const departments = await load(request, () => context.trpc.departments.list({ workspaceSlug }), context.isProduction);
  return json({ workspaceSlug, departments });
}

function DepartmentRow({ workspaceSlug, department, manages, onChanged }: { workspaceSlug: string; department: Department; manages: boolean; onChanged: () => void }) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(department.name);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const rename = trpc.departments.rename.useMutation();
  const remove = trpc.departments.delete.useMutation();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await rename.mutateAsync({ workspaceSlug, departmentId: department.id, name });
      setRenaming(false);
      onChanged();
    } catch (e) {
      const d = readError(e);
      setError(d.fieldErrors.name?.[0] ?? d.message);
    }
  };
  return (
    <li className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid="department-row">
      {renaming ? (
        <form onSubmit={save} className="flex flex-1 items-end gap-2" noValidate>
          <TextField className="flex-1" label={`New name for ${department.name}`} name="name" value={name} onChange={(e) => setName(e.target.value)} errors={error} autoFocus />
          <Button type="submit" busy={rename.isPending}>
            Save
          </Button>
          <Button variant="secondary" onClick={() => setRenaming(false)}>
            Cancel
          </Button>
        </form>
      ) : (
        <div>
          <p className="font-medium text-slate-900">{department.name}</p>
          <Link to={`../members?department=${department.id}`} relative="path" className="text-sm text-indigo-700 hover:underline">
            {department.memberCount} {department.memberCount === 1 ? "member" : "members"}
          </Link>
        </div>
      )}
      {manages && !renaming ? (
        <div className="flex gap-2">
          <Button variant="secondary" size="sm" onClick={() => setRenaming(true)}>
            Rename
          </Button>
          <Button variant="danger" size="sm" onClick={() => setDeleting(true)}>
            Delete
          </Button>
        </div>
      ) : null}
      <ConfirmDialog
        open={deleting}
        onClose={() => setDeleting(false)}
        title={`Delete ${department.name}?`}
        description={`${department.memberCount} ${department.memberCount === 1 ? "member" : "members"} will have no department. No one loses access.`}
        confirmLabel="Delete department"
        busy={remove.isPending}
        error={deleteError}
        onConfirm={async () => {
          try {
            await remove.mutateAsync({ workspaceSlug, departmentId: department.id });
            setDeleting(false);
            onChanged();
          } catch (e) {
            setDeleteError(readError(e).message);
          }
        }}
      />
    </li>
  );
}

export default function DepartmentsPage() {
  const { workspaceSlug, departments } = useLoaderData<typeof loader>();
  const { workspace } = useWorkspace();
  const manages = can(workspace.access, "departments.manage");
  const refresh = useLiveRefresh(["workspace.changed", "member.changed"], { workspaceId: workspace.id });
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = trpc.departments.create.useMutation();
  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await create.mutateAsync({ workspaceSlug, name });
      setName("");
      refresh();
    } catch (e) {
      const d = readError(e);
      setError(d.fieldErrors.name?.[0] ?? d.message);
    }
  };
  return (
    <>
      <PageHeader
        title="Departments"
        description="Group people for the team directory, filtered lists and the department report."
        actions={
          <Link to="../reports/departments" relative="path" className="text-sm font-medium text-indigo-700 hover:underline">
            See the department report
          </Link>
        }
      />
      {manages ? (
        <Card className="mb-6 p-4">
          <form onSubmit={add} className="flex flex-col gap-3 sm:flex-row sm:items-end" noValidate>
            <TextField className="flex-1" label="New department" name="name" placeholder="e.g. Customer Success" value={name} onChange={(e) => setName(e.target.value)} errors={error} />
            <Button type="submit" busy={create.isPending}>
              Add department
            </Button>
          </form>
        </Card>
      ) : null}
      <Card>
        {departments.length === 0 ? (
          <EmptyState title="No departments yet">{manages ? "Add the first one above." : "An admin can add them."}</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100">
            {departments.map((d) => (
              <DepartmentRow key={d.id} workspaceSlug={workspaceSlug} department={d} manages={manages} onChanged={refresh} />
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
