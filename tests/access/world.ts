/**
 * A small company for access stories: an Owner, an Admin, a reporting chain
 * four levels deep (VP -> director -> lead -> rep), a sibling team beside the
 * director's, a Member and a Viewer, each with a contact of their own.
 */
import type { AppDeps } from "#server/deps";
import { addMember, callerAs, createUser, createWorkspaceOwnedBy, type TestUser } from "../helpers/fixtures";

export interface World {
  workspace: { id: string; slug: string };
  people: Record<PersonKey, TestUser & { membershipId: string }>;
  contacts: Record<PersonKey, string>;
  departments: { sales: string; support: string };
  as(key: PersonKey): ReturnType<typeof callerAs>;
}

export type PersonKey = "owner" | "admin" | "vp" | "director" | "lead" | "rep" | "sibling" | "siblingRep" | "member" | "viewer";

export async function buildWorld(deps: AppDeps, name = "Acme"): Promise<World> {
  const ownerUser = await createUser(deps, { name: `${name} Owner` });
  const workspace = await createWorkspaceOwnedBy(deps, ownerUser, name);
  const ownerMembership = await deps.db.selectFrom("memberships").select("id").where("workspace_id", "=", workspace.id).where("user_id", "=", ownerUser.id).executeTakeFirstOrThrow();
  const sales = (await deps.db.insertInto("departments").values({ workspace_id: workspace.id, name: "Sales" }).returning("id").executeTakeFirstOrThrow()).id;
  const support = (await deps.db.insertInto("departments").values({ workspace_id: workspace.id, name: "Support" }).returning("id").executeTakeFirstOrThrow()).id;
  const people = { owner: { ...ownerUser, membershipId: ownerMembership.id } } as World["people"];
  const add = async (key: PersonKey, roles: Parameters<typeof addMember>[3], managerKey: PersonKey | null, departmentId: string | null) => {
    const user = await createUser(deps, { name: `${name} ${key}` });
    const membershipId = await addMember(deps, workspace.id, user, roles, {
      managerId: managerKey ? people[managerKey].membershipId : null,
      departmentId,
    });
    people[key] = { ...user, membershipId };
  };
  await add("admin", ["admin"], "owner", null);
  await add("vp", ["manager"], "owner", sales);
  await add("director", ["manager"], "vp", sales);
  await add("lead", ["manager"], "director", sales);
  await add("rep", ["member"], "lead", sales);
  await add("sibling", ["manager"], "vp", support);
  await add("siblingRep", ["member"], "sibling", support);
  await add("member", ["member"], null, null);
  await add("viewer", ["viewer"], null, null);
  const contacts = {} as World["contacts"];
  for (const key of Object.keys(people) as PersonKey[]) {
    const row = await deps.db
      .insertInto("contacts")
      .values({ workspace_id: workspace.id, owner_id: people[key].membershipId, name: `Contact of ${key}` })
      .returning("id")
      .executeTakeFirstOrThrow();
    contacts[key] = row.id;
  }
  return { workspace, people, contacts, departments: { sales, support }, as: (key) => callerAs(deps, people[key]) };
}
