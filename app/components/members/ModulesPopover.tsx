import { useEffect, useState } from "react";
import { type ModuleKey, moduleDefinitions, moduleKeys } from "#shared/permissions/catalogue";
import { readError } from "../../lib/errors";
import type { DirectoryMember } from "./types";

type Optimistic = Partial<Record<ModuleKey, boolean>>;

/**
 * Which modules this member may open; every module is open for a new member.
 * It lives in a row's actions panel (MemberActions.tsx): the summary, then
 * the checkboxes while it is open; saving goes through the table's one
 * mutation.
 */
export function ModulesPopover({
  member,
  editable,
  mayOpen,
  save,
  onError,
}: {
  member: DirectoryMember;
  editable: boolean;
  /** False when opening a module would be giving access to oneself (the give rule); closing stays possible. Asked when the popover opens. */
  mayOpen: (member: DirectoryMember) => boolean;
  save: (member: DirectoryMember, modules: Optimistic) => Promise<void>;
  onError: (message: string) => void;
}) {
  const [shown, setShown] = useState(false);
  // Shown at once while saving; the server's answer replaces it when the row reloads.
  const [optimistic, setOptimistic] = useState<Optimistic>({});
  const closed = member.closedModules ?? [];
  const closedKey = closed.join(",");
  useEffect(() => setOptimistic({}), [closedKey]);
  const isOpen = (module: ModuleKey) => optimistic[module] ?? !closed.includes(module);
  const openCount = moduleKeys.filter(isOpen).length;
  return (
    <details data-testid="modules-popover" onToggle={(e) => setShown(e.currentTarget.open)}>
      <summary>{`Modules ${openCount}/${moduleKeys.length}`}</summary>
      {shown ? <ModulesPanel member={member} editable={editable} mayOpen={mayOpen(member)} isOpen={isOpen} setOptimistic={setOptimistic} save={save} onError={onError} /> : null}
    </details>
  );
}

function ModulesPanel({
  member,
  editable,
  mayOpen,
  isOpen,
  setOptimistic,
  save,
  onError,
}: {
  member: DirectoryMember;
  editable: boolean;
  mayOpen: boolean;
  isOpen: (module: ModuleKey) => boolean;
  setOptimistic: (update: (current: Optimistic) => Optimistic) => void;
  save: (member: DirectoryMember, modules: Optimistic) => Promise<void>;
  onError: (message: string) => void;
}) {
  const [pending, setPending] = useState<ModuleKey | null>(null);
  const toggle = async (module: ModuleKey, enabled: boolean) => {
    setPending(module);
    setOptimistic((o) => ({ ...o, [module]: enabled }));
    try {
      await save(member, { [module]: enabled });
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
    <div className="mt-1 rounded-md bg-slate-50 p-2">
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
  );
}
