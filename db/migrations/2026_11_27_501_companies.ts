// Migrations are frozen in time: they take Kysely<any>, not the live Database type.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { type Kysely, sql } from "kysely";

/** CRM companies: a record owned by a member of the same workspace, like contacts (decision 26). */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table companies (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      owner_id uuid not null,
      name text not null check (length(btrim(name)) between 1 and 120),
      domain text check (domain is null or length(domain) <= 253),
      industry text check (industry is null or length(industry) <= 80),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (workspace_id, id),
      foreign key (workspace_id, owner_id) references memberships (workspace_id, id) on delete cascade
    )`.execute(db);
  await sql`create index companies_owner on companies (owner_id, created_at desc, id)`.execute(db);
  await sql`create index companies_workspace_time on companies (workspace_id, created_at desc, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("companies").ifExists().execute();
}
