/**
 * Whom a newcomer is told to ask, and who hears about people joining or
 * failing to: whoever may manage every member, `members.manage` through
 * their roles (Admins and Owners, or a custom role that carries it; a
 * one-off grant never counts), the same people who approve requests for
 * everyone (approve.ts). Decided by permission, never by built-in role
 * names (decision 27); only the order puts Owners first.
 */
import { sql } from "kysely";
import type { Db } from "../services/transaction";
import { isOwnerSql, roleHoldersSql } from "./resolve";

/** Someone the invitee can ask. */
export interface WorkspaceContact {
  name: string;
  email: string;
}

/** The workspace's active members who may manage every member (alias `m`, users `u`). */
function membersManagersSql(workspaceId: string) {
  return sql`
    ${roleHoldersSql(workspaceId, "members.manage")} as managers
    join memberships m on m.id = managers.id and m.status = 'active'
    join users u on u.id = m.user_id
  `;
}

/** Up to three of them (Owners first, then by name), never the person `except`. */
export async function workspaceContacts(db: Db, workspaceId: string, except: string | null = null): Promise<WorkspaceContact[]> {
  const result = await sql<WorkspaceContact>`
    select u.name, u.email
    from ${membersManagersSql(workspaceId)}
    where m.user_id is distinct from ${except}::uuid
    order by ${isOwnerSql(sql.ref("m.id"))} desc, u.name
    limit 3
  `.execute(db);
  return result.rows;
}

/** All of them, by user id: who is told about invitations that failed, joins and requests to join. */
export async function membersManagerUserIds(db: Db, workspaceId: string): Promise<string[]> {
  const result = await sql<{ user_id: string }>`select m.user_id from ${membersManagersSql(workspaceId)}`.execute(db);
  return result.rows.map((r) => r.user_id);
}

/** "Olivia Owner (olivia@…), Ada Admin (ada@…) or …", or the Owner when there is no one to name. */
export function whomToAsk(contacts: WorkspaceContact[]): string {
  if (contacts.length === 0) return "the workspace's Owner";
  return contacts
    .map((c) => `${c.name} (${c.email})`)
    .join(", ")
    .replace(/, ([^,]*)$/, " or $1");
}
