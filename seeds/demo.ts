/**
 * The demo workspace: about thirty people across the five built-in roles,
 * three departments and a manager chain four levels deep under the CEO.
 * Every write is an upsert keyed on something natural (email, slug, name),
 * so seeding twice changes nothing.
 */
import { type Kysely, sql } from "kysely";
import { hashPassword } from "#server/auth/password";
import type { BuiltInRoleKey } from "#shared/permissions/builtinRoles";
import { createAccount } from "#server/services/auth/newAccount";
import { createBuiltInRoles } from "#server/services/roles/builtin";
import type { Database } from "#db/schema";

export const demo = {
  workspaceName: "Northwind Traders",
  workspaceSlug: "northwind",
  password: "northwind-demo",
  domain: "northwind.example",
};

export interface DemoPerson {
  key: string;
  name: string;
  roles: BuiltInRoleKey[];
  department: "Sales" | "Recruiting" | "Operations" | null;
  manager: string | null;
}

// Chain: Olivia (CEO) -> Victor (VP Sales) -> Sofia (Sales manager) -> Liam (team lead) -> reps.
export const demoPeople: DemoPerson[] = [
  { key: "olivia", name: "Olivia Bennett", roles: ["owner"], department: null, manager: null },
  { key: "adam", name: "Adam Clarke", roles: ["admin"], department: "Operations", manager: "olivia" },
  { key: "amara", name: "Amara Okafor", roles: ["admin"], department: "Operations", manager: "olivia" },
  { key: "ahmed", name: "Ahmed Rahman", roles: ["admin", "viewer"], department: "Operations", manager: "adam" },
  { key: "victor", name: "Victor Lindqvist", roles: ["manager"], department: "Sales", manager: "olivia" },
  { key: "sofia", name: "Sofia Marques", roles: ["manager"], department: "Sales", manager: "victor" },
  { key: "liam", name: "Liam O'Connor", roles: ["manager"], department: "Sales", manager: "sofia" },
  { key: "noah", name: "Noah Fischer", roles: ["manager"], department: "Sales", manager: "victor" },
  { key: "rachel", name: "Rachel Kim", roles: ["manager"], department: "Recruiting", manager: "olivia" },
  { key: "ravi", name: "Ravi Patel", roles: ["manager"], department: "Recruiting", manager: "rachel" },
  { key: "mia", name: "Mia Johansson", roles: ["member"], department: "Sales", manager: "liam" },
  { key: "lucas", name: "Lucas Moreau", roles: ["member"], department: "Sales", manager: "liam" },
  { key: "emma", name: "Emma Rossi", roles: ["member"], department: "Sales", manager: "liam" },
  { key: "jack", name: "Jack Thompson", roles: ["member"], department: "Sales", manager: "sofia" },
  { key: "chloe", name: "Chloé Dubois", roles: ["member"], department: "Sales", manager: "sofia" },
  { key: "ben", name: "Ben Carter", roles: ["member"], department: "Sales", manager: "noah" },
  { key: "yuki", name: "Yuki Tanaka", roles: ["member"], department: "Sales", manager: "noah" },
  { key: "omar", name: "Omar Haddad", roles: ["member", "viewer"], department: "Sales", manager: "noah" },
  { key: "grace", name: "Grace Liu", roles: ["member"], department: "Recruiting", manager: "ravi" },
  { key: "daniel", name: "Daniel Novak", roles: ["member"], department: "Recruiting", manager: "ravi" },
  { key: "fatima", name: "Fatima Zahra", roles: ["member"], department: "Recruiting", manager: "rachel" },
  { key: "ella", name: "Ella Schmidt", roles: ["member"], department: "Recruiting", manager: "rachel" },
  { key: "tom", name: "Tom Walsh", roles: ["member"], department: "Operations", manager: "amara" },
  { key: "ines", name: "Inès Garcia", roles: ["member"], department: "Operations", manager: "amara" },
  { key: "kofi", name: "Kofi Mensah", roles: ["member"], department: "Operations", manager: "adam" },
  { key: "hannah", name: "Hannah Weber", roles: ["viewer"], department: null, manager: "olivia" },
  { key: "marcus", name: "Marcus Reid", roles: ["viewer"], department: null, manager: "olivia" },
  { key: "priya", name: "Priya Nair", roles: ["viewer"], department: "Sales", manager: "victor" },
  { key: "sam", name: "Sam Taylor", roles: ["viewer"], department: null, manager: null },
  { key: "zoe", name: "Zoë Adams", roles: ["viewer"], department: "Recruiting", manager: "rachel" },
];

export function demoEmail(key: string): string {
  return `${key}@${demo.domain}`;
}

export interface SeededDemo {
  workspaceId: string;
  membershipIds: Record<string, string>;
  userIds: Record<string, string>;
  departmentIds: Record<string, string>;
}

export async function seedDemoWorkspace(db: Kysely<Database>): Promise<SeededDemo> {
  const hash = await hashPassword(demo.password);
  return db.transaction().execute(async (trx) => {
    const userIds: Record<string, string> = {};
    for (const person of demoPeople) {
      const email = demoEmail(person.key);
      // Demo accounts are confirmed: they sign in and invite at once.
      const user = await createAccount(trx, { email, name: person.name, passwordHash: hash, emailVerifiedAt: new Date() }, { existing: "keep" });
      userIds[person.key] = user.id;
    }
    const ownerId = userIds.olivia;
    if (!ownerId) throw new Error("The demo needs its owner");

    let workspace = await trx.selectFrom("workspaces").select("id").where("slug", "=", demo.workspaceSlug).executeTakeFirst();
    if (!workspace) {
      workspace = await trx
        .insertInto("workspaces")
        .values({
          slug: demo.workspaceSlug,
          name: demo.workspaceName,
          plan: "professional",
          trial_ends_at: sql<Date>`now() + interval '14 days'`,
          created_by: ownerId,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await createBuiltInRoles(trx, workspace.id);
    }
    const workspaceId = workspace.id;

    const departmentIds: Record<string, string> = {};
    for (const name of ["Sales", "Recruiting", "Operations"]) {
      const existing = await trx.selectFrom("departments").select("id").where("workspace_id", "=", workspaceId).where("name", "=", name).executeTakeFirst();
      const row = existing ?? (await trx.insertInto("departments").values({ workspace_id: workspaceId, name }).returning("id").executeTakeFirstOrThrow());
      departmentIds[name] = row.id;
    }

    const roles = await trx.selectFrom("roles").select(["id", "builtin_key"]).where("workspace_id", "=", workspaceId).where("builtin_key", "is not", null).execute();
    const roleId = (key: BuiltInRoleKey) => {
      const role = roles.find((r) => r.builtin_key === key);
      if (!role) throw new Error(`Missing built-in role ${key}`);
      return role.id;
    };

    const membershipIds: Record<string, string> = {};
    for (const person of demoPeople) {
      const userId = userIds[person.key];
      if (!userId) continue;
      await trx
        .insertInto("memberships")
        .values({ workspace_id: workspaceId, user_id: userId, department_id: person.department ? (departmentIds[person.department] ?? null) : null })
        .onConflict((oc) => oc.columns(["workspace_id", "user_id"]).doNothing())
        .execute();
      const membership = await trx.selectFrom("memberships").select("id").where("workspace_id", "=", workspaceId).where("user_id", "=", userId).executeTakeFirstOrThrow();
      membershipIds[person.key] = membership.id;
      const held = await trx.selectFrom("membership_roles").select("role_id").where("membership_id", "=", membership.id).execute();
      if (held.length === 0) {
        await trx
          .insertInto("membership_roles")
          .values(person.roles.map((key, i) => ({ workspace_id: workspaceId, membership_id: membership.id, role_id: roleId(key), is_primary: i === 0 })))
          .execute();
      }
    }
    // Managers second, once everyone exists.
    for (const person of demoPeople) {
      const id = membershipIds[person.key];
      const managerId = person.manager ? membershipIds[person.manager] : null;
      if (id && managerId) {
        await trx.updateTable("memberships").set({ manager_id: managerId }).where("id", "=", id).where("manager_id", "is", null).execute();
      }
    }
    return { workspaceId, membershipIds, userIds, departmentIds };
  });
}
