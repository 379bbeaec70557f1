import { membersManagerUserIds } from "../permissions/contacts";
import { nowIso, type Tx } from "./transaction";

export interface NewNotification {
  userId: string;
  workspaceId: string | null;
  /** e.g. `invitation.accepted`, `request.decided`, `member.roles_changed`. */
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
}

/** Stores a notification and, after commit, tells the user's open pages. */
export async function notify(tx: Tx, notification: NewNotification): Promise<string> {
  const row = await tx.db
    .insertInto("notifications")
    .values({
      user_id: notification.userId,
      workspace_id: notification.workspaceId,
      kind: notification.kind,
      title: notification.title,
      body: notification.body ?? "",
      link: notification.link ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  tx.emit({ kind: "users", userIds: [notification.userId] }, { type: "notification.created", notificationId: row.id, workspaceId: notification.workspaceId, at: nowIso() });
  return row.id;
}

/** The same notice to everyone who may manage every member (permissions/contacts.ts), but `except`. */
export async function notifyMembersManagers(tx: Tx, notice: Omit<NewNotification, "userId" | "workspaceId"> & { workspaceId: string }, except: string | null = null): Promise<void> {
  for (const userId of await membersManagerUserIds(tx.db, notice.workspaceId)) {
    if (userId !== except) await notify(tx, { ...notice, userId });
  }
}
