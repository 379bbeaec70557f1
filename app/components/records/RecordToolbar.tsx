import { Link } from "@remix-run/react";
import { type ReactNode, useEffect, useState } from "react";
import { buttonClass, SelectField, TextField, ChoiceOptions } from "../ui";

/** Search, department filter, and the actions the viewer may take on the whole list. */
export function RecordToolbar({
  query,
  departmentId,
  departments,
  onChange,
  exportHref,
  exportRefused,
  createButton,
  extraFilters,
}: {
  query: string;
  departmentId: string;
  departments: Array<{ id: string; name: string }>;
  onChange: (next: { query?: string; departmentId?: string }) => void;
  exportHref: string | null;
  /** Shown instead of the export link when the viewer may not export (offers "Request access"). */
  exportRefused?: ReactNode;
  createButton: ReactNode;
  extraFilters?: ReactNode;
}) {
  const [text, setText] = useState(query);
  useEffect(() => setText(query), [query]);
  useEffect(() => {
    if (text === query) return;
    const timer = window.setTimeout(() => onChange({ query: text }), 300);
    return () => window.clearTimeout(timer);
  }, [text, query, onChange]);
  return (
    <div className="flex flex-col gap-3 border-b border-slate-100 p-4 lg:flex-row lg:items-end" role="search">
      <TextField className="lg:w-72" label="Search" name="query" type="search" placeholder="Search" value={text} onChange={(e) => setText(e.target.value)} />
      <SelectField className="lg:w-56" label="Owner's department" name="departmentId" value={departmentId} onChange={(e) => onChange({ departmentId: e.target.value })}>
        <option value="">All departments</option>
        <ChoiceOptions choices={departments} />
      </SelectField>
      {extraFilters}
      <div className="flex gap-2 lg:ml-auto">
        {exportHref ? (
          <Link to={exportHref} reloadDocument className={buttonClass("secondary")} download>
            Export CSV
          </Link>
        ) : (
          (exportRefused ?? null)
        )}
        {createButton}
      </div>
    </div>
  );
}
