/**
 * Reading the audit log of one workspace: filtered by actor, action,
 * target and date (whole days in the reader's time zone), newest first, a page at a
 * time. The filters are applied in SQL; entries of other workspaces are
 * never in reach.
 */
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from "kysely";
import type { Database } from "#db/schema";
import type { AppDeps } from "../../deps";
import type { AuditFilters, AuditListInput } from "../../schemas/auditLog";
import type { WorkspaceCaller } from "../caller";
import { nextDay, startOfDay } from "#shared/time/format";
import type { Db } from "../transaction";

export interface AuditPerson {
  id: string;
  name: string;
  email: string;
}

export interface AuditLogEntry {
  id: string;
  at: string;
  action: string;
  actor: AuditPerson | null;
  impersonator: AuditPerson | null;
  targetType: string;
  targetId: string | null;
  targetLabel: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditLogPage {
  entries: AuditLogEntry[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

type Base = SelectQueryBuilder<Database & { a: Database["audit_events"] }, "a", object>;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function filtered(db: Db, workspaceId: string, filters: AuditFilters): Base {
  let query = db.selectFrom("audit_events as a").where("a.workspace_id", "=", workspaceId) as unknown as Base;
  if (filters.actorUserId) {
    const id = filters.actorUserId;
    query = query.where((eb: ExpressionBuilder<Database & { a: Database["audit_events"] }, "a">) => eb.or([eb("a.actor_user_id", "=", id), eb("a.impersonator_user_id", "=", id)]));
  }
  if (filters.action) query = query.where("a.action", "=", filters.action);
  if (filters.target) {
    const pattern = `%${escapeLike(filters.target)}%`;
    const target = filters.target;
    query = query.where((eb) => eb.or([eb("a.target_label", "ilike", pattern), eb("a.target_id", "=", target), eb("a.target_type", "=", target.toLowerCase())]));
  }
  if (filters.from) query = query.where("a.created_at", ">=", startOfDay(filters.from, filters.timeZone));
  if (filters.to) query = query.where("a.created_at", "<", startOfDay(nextDay(filters.to), filters.timeZone));
  return query;
}

function withPeople(query: Base) {
  return query
    .leftJoin("users as actor", "actor.id", "a.actor_user_id")
    .leftJoin("users as imp", "imp.id", "a.impersonator_user_id")
    .select([
      "a.id",
      "a.created_at",
      "a.action",
      "a.actor_user_id",
      "actor.name as actor_name",
      "actor.email as actor_email",
      "a.impersonator_user_id",
      "imp.name as imp_name",
      "imp.email as imp_email",
      "a.target_type",
      "a.target_id",
      "a.target_label",
      "a.before",
      "a.after",
    ])
    .orderBy("a.created_at", "desc")
    .orderBy("a.id", "desc");
}

type Row = Awaited<ReturnType<ReturnType<typeof withPeople>["execute"]>>[number];

function toEntry(row: Row): AuditLogEntry {
  const person = (id: string | null, name: string | null, email: string | null): AuditPerson | null => (id && name && email ? { id, name, email } : null);
  return {
    id: row.id,
    at: row.created_at.toISOString(),
    action: row.action,
    actor: person(row.actor_user_id, row.actor_name, row.actor_email),
    impersonator: person(row.impersonator_user_id, row.imp_name, row.imp_email),
    targetType: row.target_type,
    targetId: row.target_id,
    targetLabel: row.target_label,
    before: row.before ?? null,
    after: row.after ?? null,
  };
}

export async function listAuditEntries(deps: AppDeps, caller: WorkspaceCaller, input: AuditListInput): Promise<AuditLogPage> {
  const { page, pageSize } = input;
  const base = filtered(deps.db, caller.workspace.id, input.filters);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
    withPeople(base)
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  const total = Number((count as { n: string | number }).n);
  return { entries: rows.map(toEntry), total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/** Every matching entry, newest first, up to `limit` (for the CSV export). */
export async function allAuditEntries(db: Db, workspaceId: string, filters: AuditFilters, limit: number): Promise<AuditLogEntry[]> {
  const rows = await withPeople(filtered(db, workspaceId, filters))
    .limit(limit)
    .execute();
  return rows.map(toEntry);
}

export interface AuditFilterChoices {
  actors: AuditPerson[];
  actions: string[];
}

/** The people and actions that occur in this workspace's log, for the filter menus. */
export async function auditFilterChoices(deps: AppDeps, caller: WorkspaceCaller): Promise<AuditFilterChoices> {
  const { db } = deps;
  const workspaceId = caller.workspace.id;
  const [actors, actions] = await Promise.all([
    db
      .selectFrom("users as u")
      .select(["u.id", "u.name", "u.email"])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom("audit_events as a")
            .select(sql`1`.as("one"))
            .where("a.workspace_id", "=", workspaceId)
            .where((inner) => inner.or([inner("a.actor_user_id", "=", inner.ref("u.id")), inner("a.impersonator_user_id", "=", inner.ref("u.id"))])),
        ),
      )
      .orderBy("u.name")
      .execute(),
    db.selectFrom("audit_events").select("action").distinct().where("workspace_id", "=", workspaceId).orderBy("action").execute(),
  ]);
  return { actors, actions: actions.map((a) => a.action) };
}
