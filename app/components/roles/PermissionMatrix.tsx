/**
 * A role as a permission × scope matrix: workspace permissions are yes/no;
 * record permissions per module carry own / team / all. Read-only for
 * showing a role, editable in the custom-role form.
 */
import { moduleDefinitions, moduleKeys, type Permission, recordActionLabels, recordActions, type Scope, scopes, workspacePermissionDefinitions, workspacePermissions } from "#shared/permissions/catalogue";
import { cx } from "../ui";
import { TableHead } from "../uiTable";

export type Grants = Partial<Record<Permission, Scope>>;

const scopeShort: Record<Scope, string> = { own: "Own", team: "Team", all: "All" };

export function PermissionMatrix({ grants, onChange, mayGrant }: { grants: Grants; onChange?: (next: Grants) => void; mayGrant?: (permission: Permission, scope: Scope) => boolean }) {
  const editable = Boolean(onChange);
  const set = (permission: Permission, scope: Scope | null) => {
    if (!onChange) return;
    const next = { ...grants };
    if (scope) next[permission] = scope;
    else delete next[permission];
    onChange(next);
  };
  return (
    <div className="space-y-6" data-testid="permission-matrix">
      <section>
        <h3 className="text-sm font-semibold text-slate-900">Workspace</h3>
        <ul className="mt-2 grid gap-2 sm:grid-cols-2">
          {workspacePermissions.map((permission) => {
            const held = grants[permission] !== undefined;
            const allowed = mayGrant ? mayGrant(permission, "all") : true;
            return (
              <li key={permission} className={cx("flex items-start gap-2 rounded-md p-2 text-sm ring-1 ring-inset", held ? "bg-indigo-50 ring-indigo-200" : "ring-slate-200")}>
                {editable ? (
                  <input
                    id={`perm-${permission}`}
                    type="checkbox"
                    className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
                    checked={held}
                    disabled={!allowed && !held}
                    onChange={(e) => set(permission, e.target.checked ? "all" : null)}
                  />
                ) : (
                  <span aria-hidden="true" className={cx("mt-0.5 text-base leading-4", held ? "text-indigo-600" : "text-slate-300")}>
                    {held ? "✓" : "–"}
                  </span>
                )}
                <label htmlFor={editable ? `perm-${permission}` : undefined} className="min-w-0">
                  <span className="block font-medium text-slate-900">
                    {workspacePermissionDefinitions[permission].label}
                    {!editable ? <span className="sr-only">{held ? ": yes" : ": no"}</span> : null}
                  </span>
                  <span className="block text-xs text-slate-500">
                    {workspacePermissionDefinitions[permission].description}
                    {editable && !allowed ? " You don't hold this, so you can't give it." : ""}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      </section>
      {moduleKeys.map((module) => (
        <section key={module}>
          <h3 className="text-sm font-semibold text-slate-900">{moduleDefinitions[module].label}</h3>
          <div className="relative mt-2 overflow-x-auto">
            <table className="min-w-full text-sm">
              <TableHead
                className="text-left text-xs uppercase tracking-wide text-slate-500"
                cellClassName="py-1"
                columns={[{ label: "Records", className: "pr-4" }, ...recordActions.map((action) => ({ key: action, label: recordActionLabels[action], className: "px-2 text-center" }))]}
              />
              <tbody className="divide-y divide-slate-100">
                {Object.entries(moduleDefinitions[module].resources).map(([resource, resourceLabel]) => (
                  <tr key={resource}>
                    <th scope="row" className="py-2 pr-4 text-left font-medium text-slate-800">
                      {resourceLabel}
                    </th>
                    {recordActions.map((action) => {
                      const permission = `${module}.${resource}.${action}` as Permission;
                      const scope = grants[permission];
                      return (
                        <td key={action} className="px-2 py-2 text-center">
                          {editable ? (
                            <select
                              aria-label={`${recordActionLabels[action]} ${resourceLabel}`}
                              className="rounded-md border-0 py-1 pl-2 pr-7 text-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
                              value={scope ?? ""}
                              onChange={(e) => set(permission, (e.target.value || null) as Scope | null)}
                            >
                              <option value="">None</option>
                              {scopes.map((s) => (
                                <option key={s} value={s} disabled={mayGrant ? !mayGrant(permission, s) && scope !== s : false}>
                                  {scopeShort[s]}
                                </option>
                              ))}
                            </select>
                          ) : (
                            <span
                              className={cx(
                                "inline-block min-w-[3rem] rounded-full px-2 py-0.5 text-xs font-medium",
                                scope === "all" && "bg-indigo-100 text-indigo-800",
                                scope === "team" && "bg-sky-100 text-sky-800",
                                scope === "own" && "bg-emerald-100 text-emerald-800",
                                !scope && "text-slate-300",
                              )}
                            >
                              {scope ? scopeShort[scope] : "–"}
                            </span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}
