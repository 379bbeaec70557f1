/**
 * What the frame of every workspace page shows of the signed-in person: the
 * workspaces of the switcher (slug, name, their primary role there, as
 * `workspaces.mine` lists them) and the bell's unread count (as
 * `notifications.unreadCount` counts it), in one statement instead of two.
 */
import { type CompiledQuery, sql } from "kysely";
import type { AppDeps } from "../../deps";
import { compiledOnce, compiledRows } from "#db/direct";

export interface FrameWorkspace {
  slug: string;
  name: string;
  primaryRole: string | null;
}

export interface WorkspaceFrame {
  workspaces: FrameWorkspace[];
  unreadNotifications: number;
}

const statement = compiledOnce((db): CompiledQuery<WorkspaceFrame> =>
  // One value, the user's id, sent twice (a placeholder here; each call sends its own).
  sql<WorkspaceFrame>`
      select
        coalesce((select json_agg(json_build_object('slug', w.slug, 'name', w.name, 'primaryRole', r.name) order by w.name)
                  from memberships m
                  join workspaces w on w.id = m.workspace_id
                  left join membership_roles mr on mr.membership_id = m.id and mr.is_primary = true
                  left join roles r on r.id = mr.role_id
                  where m.user_id = ${"user"} and m.status = 'active'), '[]'::json) as workspaces,
        (select count(*)::int from notifications n where n.user_id = ${"user"} and n.read_at is null) as "unreadNotifications"
    `.compile(db),
);

export async function workspaceFrame(deps: AppDeps, userId: string): Promise<WorkspaceFrame> {
  const [row] = await compiledRows(deps.db, statement(deps.db), [userId, userId]);
  return row ?? { workspaces: [], unreadNotifications: 0 };
}
