import { type KeyboardEvent, type ReactNode, useEffect, useRef } from "react";
import type { ModuleKey } from "#shared/permissions/catalogue";
import { ModulesPopover } from "./ModulesPopover";
import type { DirectoryMember } from "./types";

/**
 * A row's one "Actions" button and the panel it opens (a disclosure: a real
 * button with aria-expanded, the panel's controls next in the tab order,
 * Escape or a click elsewhere closes it and Escape gives focus back). The
 * panel's controls (roles, manager, department, modules, removal) exist only
 * while it is open, so a page of 25 rows sends 25 buttons, not 25 sets of
 * controls (decision 44).
 */
export function MemberActions({
  member,
  open,
  onToggle,
  editable,
  departmentId,
  departmentOptions,
  onDepartment,
  onRoles,
  onManager,
  onRemove,
  mayOpenModules,
  saveModules,
  onError,
}: {
  member: DirectoryMember;
  open: boolean;
  onToggle: (open: boolean) => void;
  editable: boolean;
  /** The member's department's id ("" for none). */
  departmentId: string;
  departmentOptions: ReactNode;
  onDepartment: (departmentId: string) => void;
  onRoles: () => void;
  onManager: () => void;
  onRemove: () => void;
  mayOpenModules: (member: DirectoryMember) => boolean;
  saveModules: (member: DirectoryMember, modules: Partial<Record<ModuleKey, boolean>>) => Promise<void>;
  onError: (message: string) => void;
}) {
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const outside = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) onToggle(false);
    };
    // On click, not press: closing first would move the rows under the pointer before the click lands.
    document.addEventListener("click", outside);
    return () => document.removeEventListener("click", outside);
  }, [open, onToggle]);
  const panelId = `actions-${member.membershipId}`;
  const closeOnEscape = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== "Escape" || !open) return;
    e.stopPropagation();
    onToggle(false);
    button.current?.focus();
  };
  return (
    <>
      {/* No type: the table is in no form (25 rows × type="button" is weight for nothing). */}
      <button ref={button} className="menu-button" aria-expanded={open} aria-controls={open ? panelId : undefined} aria-label={`Actions for ${member.name}`} onClick={() => onToggle(!open)} onKeyDown={closeOnEscape}>
        Actions
      </button>
      {open ? (
        // Escape anywhere in the panel closes it.
        <div ref={panel} id={panelId} className="menu" role="group" aria-label={`Actions for ${member.name}`} onKeyDown={closeOnEscape}>
          {editable ? (
            <>
              <button type="button" onClick={onRoles} aria-label={`Change roles of ${member.name}`}>
                Change roles…
              </button>
              <button type="button" onClick={onManager} aria-label={`Change manager of ${member.name}`}>
                Change manager…
              </button>
              <label>
                <span>Department</span>
                <select aria-label={`Department of ${member.name}`} value={departmentId} onChange={(e) => onDepartment(e.target.value)}>
                  {departmentOptions}
                </select>
              </label>
            </>
          ) : null}
          <ModulesPopover member={member} editable={editable} mayOpen={mayOpenModules} save={saveModules} onError={onError} />
          {editable ? (
            <button type="button" className="remove" onClick={onRemove}>
              Remove
            </button>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
