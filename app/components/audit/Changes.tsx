import { useState } from "react";

/**
 * An audit entry's before and after, folded away until asked for (the Audit Log page's "Changes" column).
 * The values are built when the fold is opened, not in the page's HTML: the loader data already carries
 * them, and a page of 50 entries would otherwise send each one twice (decision 52).
 */
export function Changes({ entry }: { entry: { before: unknown; after: unknown } }) {
  const [open, setOpen] = useState(false);
  if (entry.before == null && entry.after == null) return <span className="text-slate-400">—</span>;
  return (
    <details className="text-xs" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="cursor-pointer text-indigo-700 hover:underline">Details</summary>
      {open ? (
        <dl className="mt-1 space-y-1">
          <ChangeValue label="Before" value={entry.before} />
          <ChangeValue label="After" value={entry.after} />
        </dl>
      ) : null}
    </details>
  );
}

function ChangeValue({ label, value }: { label: string; value: unknown }) {
  if (value == null) return null;
  return (
    <div>
      <dt className="font-medium text-slate-600">{label}</dt>
      <dd>
        <pre className="whitespace-pre-wrap break-all rounded bg-slate-50 p-1 font-mono text-slate-700">{JSON.stringify(value, null, 1)}</pre>
      </dd>
    </div>
  );
}
