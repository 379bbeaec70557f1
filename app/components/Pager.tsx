import { useFormat } from "../lib/time";
import { Button } from "./ui";

/** Previous / next with where we are; `total` when known, otherwise whether there is more. */
export function Pager({ page, pageSize, total, hasMore, shown, onPage }: { page: number; pageSize: number; total?: number; hasMore?: boolean; shown: number; onPage: (page: number) => void }) {
  const { number } = useFormat();
  const first = shown === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = (page - 1) * pageSize + shown;
  const more = total !== undefined ? last < total : Boolean(hasMore);
  return (
    <nav className="flex items-center justify-between gap-3 border-t border-slate-100 px-4 py-3 text-sm text-slate-600" aria-label="Pages">
      <p>
        {shown === 0 ? "Nothing to show" : `Showing ${number(first)}–${number(last)}`}
        {total !== undefined ? ` of ${number(total)}` : null}
      </p>
      <div className="flex gap-2">
        <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </Button>
        <Button variant="secondary" size="sm" disabled={!more} onClick={() => onPage(page + 1)}>
          Next
        </Button>
      </div>
    </nav>
  );
}
