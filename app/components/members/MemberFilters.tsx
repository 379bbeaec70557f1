import { useEffect, useState } from "react";
import { SelectField, TextField } from "../ui";
import type { DepartmentSummary, RoleName } from "./types";

export interface MemberFilterValues {
  query: string;
  roleId: string;
  departmentId: string;
  managerId: string;
  status: "active" | "removed";
  sort: "name" | "email" | "joined" | "department";
  direction: "asc" | "desc";
}

/** Search box (applied as you type, after a pause) and the filters, all kept in the URL. */
export function MemberFilters({
  values,
  roles,
  departments,
  managerName,
  onChange,
}: {
  values: MemberFilterValues;
  roles: RoleName[];
  departments: DepartmentSummary[];
  managerName: string | null;
  onChange: (next: Partial<MemberFilterValues>) => void;
}) {
  const [query, setQuery] = useState(values.query);
  useEffect(() => setQuery(values.query), [values.query]);
  useEffect(() => {
    if (query === values.query) return;
    const timer = window.setTimeout(() => onChange({ query }), 300);
    return () => window.clearTimeout(timer);
  }, [query, values.query, onChange]);
  return (
    <div className="grid gap-3 border-b border-slate-100 p-4 sm:grid-cols-2 lg:grid-cols-6" role="search">
      <TextField className="sm:col-span-2" label="Search" name="query" type="search" placeholder="Name or email" value={query} onChange={(e) => setQuery(e.target.value)} />
      <SelectField label="Role" name="roleId" value={values.roleId} onChange={(e) => onChange({ roleId: e.target.value })}>
        <option value="">Any role</option>
        {roles.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </SelectField>
      <SelectField label="Department" name="departmentId" value={values.departmentId} onChange={(e) => onChange({ departmentId: e.target.value })}>
        <option value="">Any department</option>
        <option value="none">No department</option>
        {departments.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </SelectField>
      <SelectField label="Status" name="status" value={values.status} onChange={(e) => onChange({ status: e.target.value === "removed" ? "removed" : "active" })}>
        <option value="active">Active</option>
        <option value="removed">Removed</option>
      </SelectField>
      <SelectField
        label="Sort by"
        name="sort"
        value={`${values.sort}:${values.direction}`}
        onChange={(e) => {
          const [sort, direction] = e.target.value.split(":") as [MemberFilterValues["sort"], MemberFilterValues["direction"]];
          onChange({ sort, direction });
        }}
      >
        <option value="name:asc">Name (A–Z)</option>
        <option value="name:desc">Name (Z–A)</option>
        <option value="email:asc">Email</option>
        <option value="department:asc">Department</option>
        <option value="joined:desc">Newest first</option>
        <option value="joined:asc">Oldest first</option>
      </SelectField>
      {values.managerId ? (
        <p className="text-sm text-slate-700 sm:col-span-2 lg:col-span-6">
          Showing people who report to <strong>{managerName ?? "this manager"}</strong>.{" "}
          <button type="button" className="font-medium text-indigo-700 underline" onClick={() => onChange({ managerId: "" })}>
            Show everyone
          </button>
        </p>
      ) : null}
    </div>
  );
}
