import { cx } from "../ui";

export interface RoleChoice {
  id: string;
  name: string;
  description: string;
  grantable: boolean;
  /** Why the inviter may not give it (from the server's rule), when not. */
  refusal: string | null;
}

/**
 * Several roles, one of them primary. Roles the inviter may not give are
 * shown but disabled, with the reason, so nobody wonders where Owner went.
 */
export function RolePicker({
  roles,
  selected,
  primary,
  onChange,
  error,
}: {
  roles: RoleChoice[];
  selected: string[];
  primary: string | null;
  onChange(next: { selected: string[]; primary: string | null }): void;
  error?: string | null;
}) {
  function toggle(id: string, on: boolean) {
    const next = on ? [...selected, id] : selected.filter((r) => r !== id);
    const nextPrimary = on ? (primary ?? id) : primary === id ? (next[0] ?? null) : primary;
    onChange({ selected: next, primary: nextPrimary });
  }
  return (
    <fieldset aria-describedby={error ? "invite-roles-error" : undefined}>
      <legend className="block text-sm font-medium text-slate-800">Roles</legend>
      <p className="mt-1 text-sm text-slate-500">Choose one or more; the primary role is shown first everywhere.</p>
      <ul className="mt-2 divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
        {roles.map((role) => {
          const checked = selected.includes(role.id);
          return (
            <li key={role.id} className={cx("flex items-start gap-3 px-3 py-2", !role.grantable && "opacity-60")}>
              <input
                id={`invite-role-${role.id}`}
                type="checkbox"
                className="mt-1 h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
                checked={checked}
                disabled={!role.grantable}
                onChange={(e) => toggle(role.id, e.target.checked)}
              />
              <label htmlFor={`invite-role-${role.id}`} className="min-w-0 flex-1 text-sm">
                <span className="font-medium text-slate-900">{role.name}</span>
                <span className="block text-slate-500">{role.grantable ? role.description : (role.refusal ?? "You can't give this role.")}</span>
              </label>
              {checked ? (
                <label className="flex shrink-0 items-center gap-1.5 text-xs text-slate-600">
                  <input
                    type="radio"
                    name="invite-primary-role"
                    className="h-4 w-4 border-slate-300 text-indigo-600 focus:ring-indigo-600"
                    checked={primary === role.id}
                    onChange={() => onChange({ selected, primary: role.id })}
                  />
                  Primary
                </label>
              ) : null}
            </li>
          );
        })}
      </ul>
      {error ? (
        <p id="invite-roles-error" role="alert" className="mt-1.5 text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
