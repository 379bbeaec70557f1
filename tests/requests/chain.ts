/**
 * A workspace with a management chain four levels deep above a Member,
 * used by the permission request tests:
 *   owner
 *   ├─ admin
 *   ├─ outsider (Manager, not in the chain)
 *   └─ director (Manager)            level 4
 *      └─ headOfSales (Member)       level 3: in the chain but may not approve
 *         └─ salesManager (Manager)  level 2
 *            └─ teamLead (Manager)   level 1
 *               └─ rep (Member)      the requester
 */
import { sql } from "kysely";
import type { AppDeps } from "#server/deps";
import { addMember, createUser, createWorkspaceOwnedBy, type TestUser } from "../helpers/fixtures";

export interface ChainPerson extends TestUser {
  membershipId: string;
}

export interface Chain {
  workspace: { id: string; slug: string };
  owner: ChainPerson;
  admin: ChainPerson;
  outsider: ChainPerson;
  director: ChainPerson;
  headOfSales: ChainPerson;
  salesManager: ChainPerson;
  teamLead: ChainPerson;
  rep: ChainPerson;
}

export async function buildChain(deps: AppDeps, label = "Chain"): Promise<Chain> {
  const owner = await createUser(deps, { name: `${label} Owner` });
  const workspace = await createWorkspaceOwnedBy(deps, owner, `${label} Works`);
  const ownerMembership = await deps.db.selectFrom("memberships").select("id").where("workspace_id", "=", workspace.id).where("user_id", "=", owner.id).executeTakeFirstOrThrow();
  const person = async (name: string, roles: Parameters<typeof addMember>[3], managerId: string | null): Promise<ChainPerson> => {
    const user = await createUser(deps, { name: `${label} ${name}` });
    const membershipId = await addMember(deps, workspace.id, user, roles, { managerId });
    return { ...user, membershipId };
  };
  const admin = await person("Admin", ["admin"], ownerMembership.id);
  const outsider = await person("Outsider", ["manager"], ownerMembership.id);
  const director = await person("Director", ["manager"], ownerMembership.id);
  const headOfSales = await person("Head of Sales", ["member"], director.membershipId);
  const salesManager = await person("Sales Manager", ["manager"], headOfSales.membershipId);
  const teamLead = await person("Team Lead", ["manager"], salesManager.membershipId);
  const rep = await person("Rep", ["member"], teamLead.membershipId);
  return {
    workspace,
    owner: { ...owner, membershipId: ownerMembership.id },
    admin,
    outsider,
    director,
    headOfSales,
    salesManager,
    teamLead,
    rep,
  };
}

/** Moves a grant into the past, as if its time had run out: its member joined three days ago, the grant ran from two days ago until a second ago. */
export async function backdateGrantToEnded(deps: AppDeps, membershipId: string, grantId: string): Promise<void> {
  await deps.db
    .updateTable("memberships")
    .set({ joined_at: sql<Date>`now() - interval '3 days'` })
    .where("id", "=", membershipId)
    .execute();
  await deps.db
    .updateTable("permission_grants")
    .set({ starts_at: sql<Date>`now() - interval '2 days'`, ends_at: sql<Date>`now() - interval '1 second'` })
    .where("id", "=", grantId)
    .execute();
}
