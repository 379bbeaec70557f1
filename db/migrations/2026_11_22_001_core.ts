// Migrations are frozen in time: they take Kysely<any>, not the live Database type.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create type access_scope as enum ('own', 'team', 'all')`.execute(db);

  await db.schema
    .createTable("users")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("email", "text", (c) => c.notNull().check(sql`email = lower(btrim(email)) and length(email) between 3 and 254`))
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(btrim(name)) between 1 and 100`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index users_email_unique on users (lower(email))`.execute(db);

  await db.schema
    .createTable("passwords")
    .addColumn("user_id", "uuid", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("hash", "text", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("sessions_user_id").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("sign_in_throttles")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("first_failure_at", "timestamptz", (c) => c.notNull())
    .addColumn("locked_until", "timestamptz")
    .execute();

  await db.schema
    .createTable("workspaces")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("slug", "text", (c) =>
      c
        .notNull()
        .unique()
        .check(sql`slug ~ '^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$'`),
    )
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(btrim(name)) between 1 and 80`))
    .addColumn("plan", "text", (c) =>
      c
        .notNull()
        .defaultTo("starter")
        .check(sql`plan in ('starter', 'professional', 'enterprise')`),
    )
    .addColumn("trial_ends_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("departments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("workspace_id", "uuid", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(btrim(name)) between 1 and 60`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("departments_workspace_id_id", ["workspace_id", "id"])
    .execute();
  await sql`create unique index departments_name_unique on departments (workspace_id, lower(name))`.execute(db);

  // Composite keys (workspace_id, id) let foreign keys prove that a manager,
  // a department or a role belongs to the same workspace as the member.
  await sql`
    create table memberships (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      status text not null default 'active' check (status in ('active', 'removed')),
      manager_id uuid,
      department_id uuid,
      joined_at timestamptz not null default now(),
      removed_at timestamptz,
      unique (workspace_id, user_id),
      unique (workspace_id, id),
      check (manager_id is null or manager_id <> id),
      foreign key (workspace_id, manager_id) references memberships (workspace_id, id) on delete set null (manager_id),
      foreign key (workspace_id, department_id) references departments (workspace_id, id) on delete set null (department_id)
    )`.execute(db);
  await sql`create index memberships_manager_id on memberships (manager_id) where manager_id is not null`.execute(db);
  await sql`create index memberships_workspace_status on memberships (workspace_id, status)`.execute(db);
  await sql`create index memberships_user_id on memberships (user_id)`.execute(db);
  await sql`create index memberships_department on memberships (workspace_id, department_id)`.execute(db);

  await sql`
    create table roles (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      builtin_key text check (builtin_key in ('owner', 'admin', 'manager', 'member', 'viewer')),
      name text not null check (length(btrim(name)) between 1 and 60),
      description text not null default '',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (workspace_id, id),
      unique (workspace_id, builtin_key)
    )`.execute(db);
  await sql`create unique index roles_name_unique on roles (workspace_id, lower(name))`.execute(db);

  await sql`
    create table role_permissions (
      role_id uuid not null references roles(id) on delete cascade,
      permission text not null check (permission ~ '^[a-z_]+(\\.[a-z_]+)+$'),
      scope access_scope not null,
      primary key (role_id, permission)
    )`.execute(db);

  await sql`
    create table membership_roles (
      workspace_id uuid not null,
      membership_id uuid not null,
      role_id uuid not null,
      is_primary boolean not null default false,
      primary key (membership_id, role_id),
      foreign key (workspace_id, membership_id) references memberships (workspace_id, id) on delete cascade,
      foreign key (workspace_id, role_id) references roles (workspace_id, id) on delete restrict
    )`.execute(db);
  await sql`create unique index membership_roles_one_primary on membership_roles (membership_id) where is_primary`.execute(db);
  await sql`create index membership_roles_role on membership_roles (role_id)`.execute(db);

  await sql`
    create table workspace_modules (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      module text not null,
      enabled boolean not null,
      primary key (workspace_id, module)
    )`.execute(db);
  await sql`
    create table member_modules (
      membership_id uuid not null references memberships(id) on delete cascade,
      module text not null,
      enabled boolean not null,
      primary key (membership_id, module)
    )`.execute(db);

  await sql`
    create table audit_events (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid references workspaces(id) on delete cascade,
      actor_user_id uuid references users(id) on delete set null,
      impersonator_user_id uuid references users(id) on delete set null,
      action text not null,
      target_type text not null,
      target_id text,
      target_label text,
      before jsonb,
      after jsonb,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index audit_events_workspace_time on audit_events (workspace_id, created_at desc)`.execute(db);

  await sql`
    create table notifications (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      workspace_id uuid references workspaces(id) on delete cascade,
      kind text not null,
      title text not null,
      body text not null default '',
      link text,
      read_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index notifications_user_time on notifications (user_id, created_at desc)`.execute(db);

  await sql`
    create table email_outbox (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid references workspaces(id) on delete cascade,
      kind text not null,
      reference_id uuid,
      to_address text not null,
      from_address text not null,
      subject text not null,
      html_body text not null,
      text_body text not null,
      status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'failed', 'undeliverable')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      locked_until timestamptz,
      last_error text,
      provider_message_id text,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    )`.execute(db);
  await sql`create index email_outbox_due on email_outbox (next_attempt_at) where status in ('queued', 'sending')`.execute(db);
  await sql`create index email_outbox_reference on email_outbox (reference_id) where reference_id is not null`.execute(db);

  await sql`
    create table dev_mailbox (
      id uuid primary key default gen_random_uuid(),
      outbox_id uuid references email_outbox(id) on delete set null,
      to_address text not null,
      from_address text not null,
      subject text not null,
      html_body text not null,
      text_body text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index dev_mailbox_to on dev_mailbox (lower(to_address), created_at desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "dev_mailbox",
    "email_outbox",
    "notifications",
    "audit_events",
    "member_modules",
    "workspace_modules",
    "membership_roles",
    "role_permissions",
    "roles",
    "memberships",
    "departments",
    "workspaces",
    "sign_in_throttles",
    "sessions",
    "passwords",
    "users",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop type if exists access_scope`.execute(db);
}
