/**
 * A user's own notifications: the bell's unread count, the list, and
 * marking read. Personal to the signed-in account (an owner viewing as a
 * member still sees and marks their own, never the member's).
 */
import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import { inTransaction, nowIso } from "../transaction";

export interface InboxNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  workspaceId: string | null;
  workspaceName: string | null;
  read: boolean;
  createdAt: string;
}

export interface Inbox {
  notifications: InboxNotification[];
  unread: number;
  hasMore: boolean;
}

export async function unreadCount(deps: AppDeps, userId: string): Promise<number> {
  const row = await deps.db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listInbox(deps: AppDeps, userId: string, options: { limit: number; unreadOnly: boolean }): Promise<Inbox> {
  let query = deps.db
    .selectFrom("notifications as n")
    .leftJoin("workspaces as w", "w.id", "n.workspace_id")
    .select(["n.id", "n.kind", "n.title", "n.body", "n.link", "n.workspace_id", "w.name as workspace_name", "n.read_at", "n.created_at"])
    .where("n.user_id", "=", userId)
    .orderBy("n.created_at", "desc")
    .orderBy("n.id", "desc")
    .limit(options.limit + 1);
  if (options.unreadOnly) query = query.where("n.read_at", "is", null);
  const [rows, unread] = await Promise.all([query.execute(), unreadCount(deps, userId)]);
  return {
    notifications: rows.slice(0, options.limit).map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      link: r.link,
      workspaceId: r.workspace_id,
      workspaceName: r.workspace_name,
      read: r.read_at !== null,
      createdAt: r.created_at.toISOString(),
    })),
    unread,
    hasMore: rows.length > options.limit,
  };
}

/** Marks some (or, without ids, all) of the user's notifications read; others' are out of reach. */
export async function markRead(deps: AppDeps, userId: string, ids: string[] | "all"): Promise<{ marked: number }> {
  if (ids !== "all" && ids.length === 0) return { marked: 0 };
  return inTransaction(deps, async (tx) => {
    let query = tx.db
      .updateTable("notifications")
      .set({ read_at: sql<Date>`now()` })
      .where("user_id", "=", userId)
      .where("read_at", "is", null);
    if (ids !== "all") query = query.where("id", "in", ids);
    const result = await query.executeTakeFirst();
    const marked = Number(result.numUpdatedRows);
    // The user's other tabs update their bell too.
    if (marked > 0) tx.emit({ kind: "users", userIds: [userId] }, { type: "notification.read", at: nowIso() });
    return { marked };
  });
}
