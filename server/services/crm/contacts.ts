/** CRM contacts: list, get, create, edit, delete and export, each within the caller's scope. */
import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import type { RecordListInput } from "../../schemas/records";
import { toCsv } from "../csv";
import { exportRowLimit, likePattern, lockRecordForWrite, type RecordCaller, type RecordPage, rowActionFlags, toPage, ownedRecordFields } from "../records/owned";
import { ownerCondition, recordScopeSql } from "../records/scope";
import { inTransaction } from "../transaction";

export interface Contact {
  id: string;
  mayUpdate: boolean;
  mayDelete: boolean;
  name: string;
  email: string | null;
  company: string | null;
  phone: string | null;
  owner: { membershipId: string; name: string };
  department: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface ContactFields {
  name: string;
  email: string | null;
  company: string | null;
  phone: string | null;
}

function scopedContacts(deps: Pick<AppDeps, "db">, caller: RecordCaller, filters: Omit<RecordListInput, "page" | "pageSize">) {
  let query = deps.db
    .selectFrom("contacts as x")
    .innerJoin("memberships as o", "o.id", "x.owner_id")
    .innerJoin("users as ou", "ou.id", "o.user_id")
    .leftJoin("departments as d", "d.id", "o.department_id")
    .where("x.workspace_id", "=", caller.workspaceId)
    .where(recordScopeSql(caller.scope, sql.ref("x.owner_id"), caller.membershipId));
  if (filters.departmentId) query = query.where("o.department_id", "=", filters.departmentId);
  if (filters.query) {
    const pattern = likePattern(filters.query);
    query = query.where((eb) =>
      eb.or([eb(sql`lower(x.name)`, "like", pattern), eb(sql`lower(coalesce(x.email, ''))`, "like", pattern), eb(sql`lower(coalesce(x.company, ''))`, "like", pattern)]),
    );
  }
  const flags = rowActionFlags(caller, "crm.contacts");
  return query.select([
    "x.id",
    "x.name",
    "x.email",
    "x.company",
    "x.phone",
    "x.owner_id",
    "ou.name as owner_name",
    "d.id as department_id",
    "d.name as department_name",
    "x.created_at",
    "x.updated_at",
    flags.mayUpdate.as("may_update"),
    flags.mayDelete.as("may_delete"),
  ]);
}

type ContactRow = Awaited<ReturnType<ReturnType<typeof scopedContacts>["execute"]>>[number];

function toContact(r: ContactRow): Contact {
  return {
    ...ownedRecordFields(r),
    name: r.name,
    email: r.email,
    company: r.company,
    phone: r.phone,
  };
}

export async function listContacts(deps: Pick<AppDeps, "db">, caller: RecordCaller, input: RecordListInput): Promise<RecordPage<Contact>> {
  // Scope and department become one condition on the owner, applied inside the query.
  const owners = await ownerCondition(deps.db, caller, input.departmentId);
  const rows = await scopedContacts(deps, { ...caller, scope: "all" }, { ...input, departmentId: undefined })
    .where(owners)
    .orderBy("x.created_at", "desc")
    .orderBy("x.id", "desc")
    .limit(input.pageSize + 1)
    .offset((input.page - 1) * input.pageSize)
    .execute();
  return toPage(rows.map(toContact), input.page, input.pageSize);
}

export async function getContact(deps: AppDeps, caller: RecordCaller, id: string): Promise<Contact> {
  const row = await scopedContacts(deps, caller, {}).where("x.id", "=", id).executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", "We couldn't find that contact. It may have been deleted, or you may not have access to it.");
  return toContact(row);
}

export async function createContact(deps: AppDeps, caller: RecordCaller, input: ContactFields): Promise<{ id: string }> {
  return inTransaction(deps, async (tx) =>
    tx.db
      .insertInto("contacts")
      .values({ workspace_id: caller.workspaceId, owner_id: caller.membershipId, name: input.name, email: input.email, company: input.company, phone: input.phone })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
}

export async function updateContact(deps: AppDeps, caller: RecordCaller, input: ContactFields & { id: string }): Promise<{ id: string }> {
  return inTransaction(deps, async (tx) => {
    await lockRecordForWrite(tx, "crm.contacts", caller, input.id);
    await tx.db.updateTable("contacts").set({ name: input.name, email: input.email, company: input.company, phone: input.phone, updated_at: new Date() }).where("id", "=", input.id).execute();
    return { id: input.id };
  });
}

export async function deleteContact(deps: AppDeps, caller: RecordCaller, id: string): Promise<{ id: string }> {
  return inTransaction(deps, async (tx) => {
    await lockRecordForWrite(tx, "crm.contacts", caller, id);
    await tx.db.deleteFrom("contacts").where("id", "=", id).execute();
    return { id };
  });
}

export async function exportContacts(deps: AppDeps, caller: RecordCaller, filters: Omit<RecordListInput, "page" | "pageSize">): Promise<{ filename: string; csv: string; rows: number }> {
  const rows = await scopedContacts(deps, caller, filters).orderBy("x.created_at", "desc").orderBy("x.id", "desc").limit(exportRowLimit).execute();
  const csv = toCsv(
    ["Name", "Email", "Company", "Phone", "Owner", "Department", "Created"],
    rows.map((r) => [r.name, r.email, r.company, r.phone, r.owner_name, r.department_name, r.created_at.toISOString()]),
  );
  return { filename: `contacts-${new Date().toISOString().slice(0, 10)}.csv`, csv, rows: rows.length };
}
