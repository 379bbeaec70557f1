// Migrations are frozen in time: they take Kysely<any>, not the live Database type.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { type Kysely, sql } from "kysely";

/**
 * `team` scope as a closure table: one row per (manager at any depth,
 * member below them), plus each member with themselves. Triggers on
 * `memberships` keep it exact however a manager is set (service, seed,
 * fixture), and refuse a cycle. A team is then an index lookup instead of a
 * recursive walk: the top manager of 10,000 people costs milliseconds.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table team_closure (
      ancestor_id uuid not null references memberships(id) on delete cascade,
      descendant_id uuid not null references memberships(id) on delete cascade,
      depth integer not null check (depth >= 0),
      primary key (ancestor_id, descendant_id)
    )`.execute(db);
  await sql`create index team_closure_descendant on team_closure (descendant_id)`.execute(db);

  await sql`
    create function team_closure_on_insert() returns trigger language plpgsql as $$
    begin
      insert into team_closure (ancestor_id, descendant_id, depth) values (new.id, new.id, 0);
      if new.manager_id is not null then
        insert into team_closure (ancestor_id, descendant_id, depth)
        select ancestor_id, new.id, depth + 1 from team_closure where descendant_id = new.manager_id;
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create function team_closure_on_manager_change() returns trigger language plpgsql as $$
    begin
      if new.manager_id is not null and exists (
        select 1 from team_closure where ancestor_id = new.id and descendant_id = new.manager_id
      ) then
        raise exception 'manager cycle: % already reports to %', new.manager_id, new.id using errcode = '23514', constraint = 'memberships_manager_cycle';
      end if;
      -- Detach the subtree rooted at this member from everyone above it...
      delete from team_closure t
      using team_closure sub, team_closure anc
      where sub.ancestor_id = new.id and t.descendant_id = sub.descendant_id
        and anc.descendant_id = new.id and anc.depth > 0 and t.ancestor_id = anc.ancestor_id;
      -- ...and hang it under the new manager's chain.
      if new.manager_id is not null then
        insert into team_closure (ancestor_id, descendant_id, depth)
        select a.ancestor_id, d.descendant_id, a.depth + d.depth + 1
        from team_closure a join team_closure d on d.ancestor_id = new.id
        where a.descendant_id = new.manager_id;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger memberships_team_closure_insert after insert on memberships for each row execute function team_closure_on_insert()`.execute(db);
  await sql`
    create trigger memberships_team_closure_update after update of manager_id on memberships
    for each row when (old.manager_id is distinct from new.manager_id) execute function team_closure_on_manager_change()`.execute(db);

  // Existing memberships.
  await sql`
    insert into team_closure (ancestor_id, descendant_id, depth)
    with recursive chain(ancestor_id, descendant_id, depth) as (
      select id, id, 0 from memberships
      union all
      select c.ancestor_id, m.id, c.depth + 1 from memberships m join chain c on m.manager_id = c.descendant_id
    )
    select ancestor_id, descendant_id, min(depth) from chain group by ancestor_id, descendant_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists memberships_team_closure_update on memberships`.execute(db);
  await sql`drop trigger if exists memberships_team_closure_insert on memberships`.execute(db);
  await sql`drop function if exists team_closure_on_manager_change()`.execute(db);
  await sql`drop function if exists team_closure_on_insert()`.execute(db);
  await db.schema.dropTable("team_closure").ifExists().execute();
}
