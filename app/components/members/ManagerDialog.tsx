import { useEffect, useState } from "react";
import { readError } from "../../lib/errors";
import { trpc } from "../../lib/trpc";
import { Dialog } from "../Dialog";
import { Alert, Button, TextField } from "../ui";
import type { DirectoryMember } from "./types";

/** Choose who the member reports to, by searching (the workspace may have thousands of people). */
export function ManagerDialog({ workspaceSlug, member, open, onClose, onSaved }: { workspaceSlug: string; member: DirectoryMember; open: boolean; onClose: () => void; onSaved: () => void }) {
  const [query, setQuery] = useState("");
  const [error, setError] = useState<string | null>(null);
  const save = trpc.members.setManager.useMutation();
  const candidates = trpc.members.lookup.useQuery({ workspaceSlug, query, limit: 8 }, { enabled: open });
  useEffect(() => {
    if (open) {
      setQuery("");
      setError(null);
    }
  }, [open]);

  const choose = async (managerId: string | null) => {
    setError(null);
    try {
      await save.mutateAsync({ workspaceSlug, membershipId: member.membershipId, managerId });
      onSaved();
      onClose();
    } catch (e) {
      setError(readError(e).message);
    }
  };

  const options = (candidates.data ?? []).filter((c) => c.membershipId !== member.membershipId);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Manager of ${member.name}`}
      description={member.manager ? `Currently reports to ${member.manager}.` : "Currently reports to no one."}
      testId="manager-dialog"
      footer={
        <>
          {member.manager ? (
            <Button variant="secondary" onClick={() => choose(null)} busy={save.isPending}>
              Reports to no one
            </Button>
          ) : null}
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
        </>
      }
    >
      <TextField label="Find a manager" name="manager-query" type="search" placeholder="Name or email" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />
      <ul className="mt-3 max-h-64 divide-y divide-slate-100 overflow-y-auto rounded-md ring-1 ring-slate-200" aria-label="Matching members">
        {options.length === 0 ? <li className="px-3 py-2 text-sm text-slate-500">{candidates.isLoading ? "Searching…" : "No one matches."}</li> : null}
        {options.map((c) => (
          <li key={c.membershipId}>
            <button type="button" className="flex w-full items-center justify-between gap-3 px-3 py-2 text-left text-sm hover:bg-slate-50 focus:bg-slate-50 focus:outline-none" onClick={() => choose(c.membershipId)}>
              <span className="min-w-0">
                <span className="block truncate font-medium text-slate-900">{c.name}</span>
                <span className="block truncate text-slate-500">{c.email}</span>
              </span>
              <span className="text-xs text-slate-500">Choose</span>
            </button>
          </li>
        ))}
      </ul>
      {error ? (
        <Alert tone="error" className="mt-3">
          {error}
        </Alert>
      ) : null}
    </Dialog>
  );
}
