/**
 * An action the member's access says they may not take, offered anyway:
 * pressing it asks the server (the one place access is decided); if the
 * server refuses for lack of a permission, the refusal appears right there
 * with "Request access". If access was granted meanwhile, the action runs.
 */
import { useState } from "react";
import { Button } from "../ui";
import { RequestAccessOffer } from "./RequestAccess";

export function TryOrRequestAccess({
  workspaceSlug,
  label,
  attempt,
  onAllowed,
}: {
  workspaceSlug: string;
  label: string;
  /** The server call that decides (it throws FORBIDDEN with details.permission when refused). */
  attempt: () => Promise<unknown>;
  onAllowed: () => void;
}) {
  const [refusal, setRefusal] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function run() {
    setBusy(true);
    try {
      await attempt();
      setRefusal(null);
      onAllowed();
    } catch (error) {
      setRefusal(error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="relative">
      <Button variant="secondary" busy={busy} onClick={() => void run()} aria-expanded={refusal ? true : undefined}>
        {label}
      </Button>
      {refusal ? (
        <div
          className="absolute right-0 z-20 mt-2 w-[min(24rem,calc(100vw-2rem))] rounded-md bg-white shadow-lg"
          onKeyDown={(event) => {
            if (event.key === "Escape") setRefusal(null);
          }}
        >
          <RequestAccessOffer workspaceSlug={workspaceSlug} error={refusal} className="pr-9" />
          <button
            type="button"
            aria-label="Close"
            className="absolute right-1.5 top-1.5 rounded p-1 text-amber-900 hover:bg-amber-100 focus:outline-none focus:ring-2 focus:ring-indigo-600"
            onClick={() => setRefusal(null)}
          >
            <svg viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
              <path d="M5 5l10 10M15 5L5 15" />
            </svg>
          </button>
        </div>
      ) : null}
    </div>
  );
}
