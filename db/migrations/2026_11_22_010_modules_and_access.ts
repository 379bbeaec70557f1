// Migrations are frozen in time: they take Kysely<any>, not the live Database type.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { type Kysely, sql } from "kysely";

/**
 * The two modules' records (CRM contacts; Recruiting jobs and candidates),
 * each owned by a member of the same workspace (composite foreign keys prove
 * it), plus the indexes that keep scoped lists and the member directory fast.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table contacts (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      owner_id uuid not null,
      name text not null check (length(btrim(name)) between 1 and 120),
      email text check (email is null or length(email) <= 254),
      company text check (company is null or length(company) <= 120),
      phone text check (phone is null or length(phone) <= 40),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (workspace_id, id),
      foreign key (workspace_id, owner_id) references memberships (workspace_id, id) on delete cascade
    )`.execute(db);
  await sql`create index contacts_owner on contacts (owner_id, created_at desc, id)`.execute(db);
  await sql`create index contacts_workspace_time on contacts (workspace_id, created_at desc, id)`.execute(db);

  await sql`
    create table jobs (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      owner_id uuid not null,
      title text not null check (length(btrim(title)) between 1 and 120),
      location text check (location is null or length(location) <= 120),
      status text not null default 'open' check (status in ('draft', 'open', 'closed')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (workspace_id, id),
      foreign key (workspace_id, owner_id) references memberships (workspace_id, id) on delete cascade
    )`.execute(db);
  await sql`create index jobs_owner on jobs (owner_id, created_at desc, id)`.execute(db);
  await sql`create index jobs_workspace_time on jobs (workspace_id, created_at desc, id)`.execute(db);

  await sql`
    create table candidates (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      owner_id uuid not null,
      job_id uuid,
      name text not null check (length(btrim(name)) between 1 and 120),
      email text check (email is null or length(email) <= 254),
      stage text not null default 'applied' check (stage in ('applied', 'screening', 'interview', 'offer', 'hired', 'rejected')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (workspace_id, id),
      foreign key (workspace_id, owner_id) references memberships (workspace_id, id) on delete cascade,
      foreign key (workspace_id, job_id) references jobs (workspace_id, id) on delete set null (job_id)
    )`.execute(db);
  await sql`create index candidates_owner on candidates (owner_id, created_at desc, id)`.execute(db);
  await sql`create index candidates_workspace_time on candidates (workspace_id, created_at desc, id)`.execute(db);
  await sql`create index candidates_job on candidates (job_id) where job_id is not null`.execute(db);

  // The member directory sorts and pages by name within a workspace.
  await sql`create index users_name_lower on users (lower(name), id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists users_name_lower`.execute(db);
  for (const table of ["candidates", "jobs", "contacts"]) await db.schema.dropTable(table).ifExists().execute();
}
