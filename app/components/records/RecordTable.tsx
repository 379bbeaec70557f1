import { type ReactNode, useState } from "react";
import { readError } from "../../lib/errors";
import { ConfirmDialog } from "../Dialog";
import { EmptyState } from "../ui";

export interface RecordColumn<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
}

/** A record list whose Edit and Delete appear per row only when that change would be allowed. */
export function RecordTable<T extends { id: string; mayUpdate: boolean; mayDelete: boolean; owner: { name: string } }>({
  rows,
  columns,
  noun,
  describe,
  onEdit,
  onDelete,
  canEditAny,
  canDeleteAny,
}: {
  rows: T[];
  columns: Array<RecordColumn<T>>;
  noun: string;
  describe: (row: T) => string;
  onEdit: (row: T) => void;
  onDelete: (row: T) => Promise<void>;
  canEditAny: boolean;
  canDeleteAny: boolean;
}) {
  const [deleting, setDeleting] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (rows.length === 0) return <EmptyState title={`No ${noun}s to show`}>Nothing matches, or nothing here is within your access yet.</EmptyState>;
  return (
    <>
      <div className="relative overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            <tr>
              {columns.map((c) => (
                <th key={c.header} scope="col" className={c.className ?? "px-4 py-3"}>
                  {c.header}
                </th>
              ))}
              <th scope="col" className="px-4 py-3">
                Owner
              </th>
              {canEditAny || canDeleteAny ? (
                <th scope="col" className="px-4 py-3">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.id} data-testid="record-row">
                {columns.map((c) => (
                  <td key={c.header} className={c.className ?? "px-4 py-3"}>
                    {c.cell(row)}
                  </td>
                ))}
                <td className="px-4 py-3 text-slate-700" data-testid="record-owner">
                  {row.owner.name}
                </td>
                {canEditAny || canDeleteAny ? (
                  <td className="px-4 py-3">
                    <div className="flex justify-end gap-1">
                      {row.mayUpdate ? (
                        <button type="button" className="rounded-md px-2 py-1 text-sm font-medium text-indigo-700 hover:bg-indigo-50" onClick={() => onEdit(row)} aria-label={`Edit ${describe(row)}`}>
                          Edit
                        </button>
                      ) : null}
                      {row.mayDelete ? (
                        <button
                          type="button"
                          className="rounded-md px-2 py-1 text-sm font-medium text-red-700 hover:bg-red-50"
                          onClick={() => {
                            setError(null);
                            setDeleting(row);
                          }}
                          aria-label={`Delete ${describe(row)}`}
                        >
                          Delete
                        </button>
                      ) : null}
                    </div>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete this ${noun}?`}
        description={deleting ? `${describe(deleting)} will be deleted for everyone. This can't be undone.` : ""}
        confirmLabel={`Delete ${noun}`}
        busy={busy}
        error={error}
        onConfirm={async () => {
          if (!deleting) return;
          setBusy(true);
          try {
            await onDelete(deleting);
            setDeleting(null);
          } catch (e) {
            setError(readError(e).message);
          } finally {
            setBusy(false);
          }
        }}
      />
    </>
  );
}
