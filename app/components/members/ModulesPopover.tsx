import { useEffect, useState } from "react";
import { moduleDefinitions, moduleKeys } from "#shared/permissions/catalogue";
import { readError } from "../../lib/errors";
import { trpc } from "../../lib/trpc";
import type { DirectoryMember } from "./types";

/** Which modules this member may open; every module is open for a new member. */
export function ModulesPopover({
  workspaceSlug,
  member,
  editable,
  mayOpen,
  onSaved,
  onError,
}: {
  workspaceSlug: string;
  member: DirectoryMember;
  editable: boolean;
  /** False when opening a module would be giving access to oneself (the give rule); closing stays possible. */
  mayOpen: boolean;
  onSaved: () => void;
  onError: (message: string) => void;
}) {
  const save = trpc.members.setModules.useMutation();
  const [pending, setPending] = useState<string | null>(null);
  // The checkboxes exist only while the popover is open (25 rows need not render them all).
  const [shown, setShown] = useState(false);
  // Shown at once while saving; the server's answer replaces it when the row reloads.
  const [optimistic, setOptimistic] = useState<Record<string, boolean>>({});
  const closedKey = member.closedModules.join(",");
  useEffect(() => setOptimistic({}), [closedKey]);
  const closed = new Set<string>(member.closedModules);
  const isOpen = (module: string) => optimistic[module] ?? !closed.has(module);
  const openCount = moduleKeys.filter(isOpen).length;
  const toggle = async (module: string, enabled: boolean) => {
    setPending(module);
    setOptimistic((o) => ({ ...o, [module]: enabled }));
    try {
      await save.mutateAsync({ workspaceSlug, membershipId: member.membershipId, modules: { [module]: enabled } });
      onSaved();
    } catch (e) {
      setOptimistic((o) => {
        const { [module]: _dropped, ...rest } = o;
        return rest;
      });
      onError(readError(e).message);
    } finally {
      setPending(null);
    }
  };
  return (
    <details className="relative" data-testid="modules-popover" onToggle={(e) => setShown(e.currentTarget.open)}>
      <summary className="cursor-pointer list-none whitespace-nowrap rounded-md px-2 py-1 text-sm text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
        Modules {openCount}/{moduleKeys.length}
      </summary>
      {shown ? (
        <div className="absolute right-0 z-20 mt-1 w-60 rounded-md bg-white p-3 shadow-lg ring-1 ring-slate-200">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Modules {member.name} can open</p>
          <ul className="mt-2 space-y-2">
            {moduleKeys.map((module) => (
              <li key={module}>
                <label className="flex items-start gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
                    checked={isOpen(module)}
                    disabled={!editable || pending !== null || (!isOpen(module) && !mayOpen)}
                    onChange={(e) => toggle(module, e.target.checked)}
                  />
                  <span>
                    <span className="block font-medium text-slate-900">{moduleDefinitions[module].label}</span>
                    <span className="block text-xs text-slate-500">{moduleDefinitions[module].description}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {!editable ? <p className="mt-2 text-xs text-slate-500">Only people who manage members can change this.</p> : null}
          {editable && !mayOpen ? <p className="mt-2 text-xs text-slate-500">You can't open a module for yourself; ask another Admin or an Owner.</p> : null}
        </div>
      ) : null}
    </details>
  );
}
