/**
 * What the Members page's filters offer: every role and every department of
 * the workspace, by id and name, in one statement. The page showed them from
 * `roles.list` (each role's grants, holder count and first 50 holders) and
 * `departments.list` (each department's member count): two statements and
 * rows it read only the names of. The orders are those lists' orders.
 */
import { type CompiledQuery, sql } from "kysely";
import type { AppDeps } from "../../deps";
import { compiledOnce, compiledRows } from "#db/direct";
import { builtInOrder } from "../roles/custom";
import type { WorkspaceCaller } from "../caller";

export interface FilterOption {
  id: string;
  name: string;
}

export interface MemberFilterOptions {
  roles: FilterOption[];
  departments: FilterOption[];
}

const statement = compiledOnce((db): CompiledQuery<MemberFilterOptions> =>
  // One parameter, the workspace id (a placeholder here; each call sends its own).
  sql<MemberFilterOptions>`
      select
        coalesce((select json_agg(json_build_object('id', r.id, 'name', r.name) order by r.builtin_key is null, ${builtInOrder}, lower(r.name))
                  from roles r where r.workspace_id = ${"workspace"}), '[]'::json) as roles,
        coalesce((select json_agg(json_build_object('id', d.id, 'name', d.name) order by lower(d.name))
                  from departments d where d.workspace_id = ${"workspace"}), '[]'::json) as departments
    `.compile(db),
);

export async function memberFilterOptions(deps: AppDeps, caller: WorkspaceCaller): Promise<MemberFilterOptions> {
  const workspaceId = caller.workspace.id;
  const [row] = await compiledRows(deps.db, statement(deps.db), [workspaceId, workspaceId]);
  return row ?? { roles: [], departments: [] };
}
