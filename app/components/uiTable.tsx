/**
 * The header row of a table, written once: every column a `th scope="col"`,
 * with the table's header style. `page` is the style of full-width list
 * tables (members, audit, invitations, the department report); a compact
 * table (a dialog's review list) passes its own classes.
 */
import type { ReactNode } from "react";
import { cx } from "./ui";

export interface TableColumn {
  label: ReactNode;
  /** Extra classes for this column's header cell (alignment, `hidden md:table-cell`). */
  className?: string;
  key?: string;
}

const pageHead = "bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500";

export function TableHead({ columns, className = pageHead, cellClassName = "px-4 py-3" }: { columns: ReadonlyArray<TableColumn | string>; className?: string; cellClassName?: string }) {
  return (
    <thead className={className}>
      <tr>
        {columns.map((column, i) => {
          const c = typeof column === "string" ? { label: column } : column;
          return (
            <th key={c.key ?? (typeof c.label === "string" ? c.label : i)} scope="col" className={cx(cellClassName, c.className)}>
              {c.label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
