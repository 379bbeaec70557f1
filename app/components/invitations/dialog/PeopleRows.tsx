/**
 * One row per person: their email, a primary role, and any more roles.
 * Roles the inviter may not give are listed but disabled, with the reason.
 */
import { useEffect, useRef } from "react";
import type { RoleOption } from "./types";
import { cx } from "../../ui";

export interface PersonRow {
  key: number;
  email: string;
  primaryRoleId: string;
  /** More roles besides the primary one. */
  moreRoleIds: string[];
  error: string | null;
}

let nextKey = 1;
export function newRow(primaryRoleId: string, email = ""): PersonRow {
  return { key: nextKey++, email, primaryRoleId, moreRoleIds: [], error: null };
}

export function rolesOf(row: PersonRow): string[] {
  return [row.primaryRoleId, ...row.moreRoleIds.filter((id) => id !== row.primaryRoleId)];
}

const inputClass = "block w-full rounded-md border-0 px-3 py-2 text-slate-900 shadow-sm ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 sm:text-sm";

export function PeopleRows({
  rows,
  roles,
  focusKey,
  onChange,
  onRemove,
}: {
  rows: PersonRow[];
  roles: RoleOption[];
  /** The row whose email field takes focus (a row just added). */
  focusKey: number | null;
  onChange: (key: number, next: Partial<PersonRow>) => void;
  onRemove: (key: number) => void;
}) {
  const inputs = useRef(new Map<number, HTMLInputElement>());
  useEffect(() => {
    if (focusKey !== null) inputs.current.get(focusKey)?.focus();
  }, [focusKey]);

  return (
    <ol className="space-y-3" aria-label="People to invite">
      {rows.map((row, index) => {
        const n = index + 1;
        const errorId = `invite-person-${row.key}-error`;
        return (
          <li key={row.key} className="rounded-md p-3 ring-1 ring-slate-200" data-testid="invite-person">
            <div className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end">
              <div>
                <label htmlFor={`invite-email-${row.key}`} className="block text-sm font-medium text-slate-800">
                  Email address {n}
                </label>
                <input
                  id={`invite-email-${row.key}`}
                  ref={(el) => {
                    if (el) inputs.current.set(row.key, el);
                    else inputs.current.delete(row.key);
                  }}
                  type="email"
                  autoComplete="off"
                  data-autofocus={index === 0 ? true : undefined}
                  placeholder="name@company.com"
                  value={row.email}
                  aria-invalid={row.error ? true : undefined}
                  aria-describedby={row.error ? errorId : undefined}
                  onChange={(e) => onChange(row.key, { email: e.target.value, error: null })}
                  className={cx("mt-1", inputClass, row.error ? "ring-red-400" : "ring-slate-300")}
                />
              </div>
              <div>
                <label htmlFor={`invite-primary-${row.key}`} className="block text-sm font-medium text-slate-800">
                  Primary role {n}
                </label>
                <select
                  id={`invite-primary-${row.key}`}
                  value={row.primaryRoleId}
                  onChange={(e) => onChange(row.key, { primaryRoleId: e.target.value, moreRoleIds: row.moreRoleIds.filter((id) => id !== e.target.value) })}
                  className={cx("mt-1", inputClass, "ring-slate-300")}
                >
                  {roles.map((role) => (
                    <option key={role.id} value={role.id} disabled={!role.grantable}>
                      {role.grantable ? role.name : `${role.name} (${role.refusal ?? "you can't give it"})`}
                    </option>
                  ))}
                </select>
              </div>
              {rows.length > 1 ? (
                <button
                  type="button"
                  className="justify-self-start rounded px-1 py-2 text-sm text-slate-500 hover:text-slate-800 focus:outline-none focus:ring-2 focus:ring-indigo-600"
                  onClick={() => onRemove(row.key)}
                  aria-label={`Remove person ${n}`}
                >
                  Remove
                </button>
              ) : null}
            </div>
            {row.error ? (
              <p id={errorId} className="mt-1.5 text-sm text-red-600">
                {row.error}
              </p>
            ) : null}
            <fieldset className="mt-2">
              <legend className="text-xs font-medium text-slate-600">More roles for person {n} (optional)</legend>
              <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                {roles
                  .filter((role) => role.id !== row.primaryRoleId)
                  .map((role) => (
                    <label key={role.id} className={cx("flex items-center gap-1.5 text-sm text-slate-700", !role.grantable && "opacity-60")} title={role.grantable ? role.description : (role.refusal ?? undefined)}>
                      <input
                        type="checkbox"
                        className="h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
                        checked={row.moreRoleIds.includes(role.id)}
                        disabled={!role.grantable}
                        onChange={(e) => onChange(row.key, { moreRoleIds: e.target.checked ? [...row.moreRoleIds, role.id] : row.moreRoleIds.filter((id) => id !== role.id) })}
                      />
                      {role.name}
                    </label>
                  ))}
              </div>
            </fieldset>
          </li>
        );
      })}
    </ol>
  );
}
