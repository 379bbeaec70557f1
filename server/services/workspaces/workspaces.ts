import { sql } from "kysely";
import type { Plan } from "#db/schema";
import type { AppDeps } from "../../deps";
import { AppError, isUniqueViolation } from "../../errors";
import type { Access } from "#shared/permissions/access";
import { type CreateWorkspaceInput, reservedSlugs, slugify } from "../../schemas/workspaces";
import { type Actor, recordAudit } from "../audit";
import { createBuiltInRoles } from "../roles/builtin";
import { inTransaction } from "../transaction";
import type { WorkspaceCaller } from "../caller";

export const trialDays = 14;

export interface WorkspaceSummary {
  id: string;
  slug: string;
  name: string;
  primaryRole: string | null;
}

async function slugIsFree(deps: AppDeps, slug: string): Promise<boolean> {
  if (reservedSlugs.has(slug)) return false;
  const row = await deps.db.selectFrom("workspaces").select("id").where("slug", "=", slug).executeTakeFirst();
  return !row;
}

async function pickSlug(deps: AppDeps, input: CreateWorkspaceInput): Promise<string> {
  if (input.slug) {
    if (!(await slugIsFree(deps, input.slug))) throw new AppError("WORKSPACE_SLUG_TAKEN");
    return input.slug;
  }
  const base = slugify(input.name);
  for (let n = 1; n < 50; n += 1) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (await slugIsFree(deps, candidate)) return candidate;
  }
  return `${base}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A signed-up user creates a workspace and becomes its Owner; it starts a 14-day trial. */
export async function createWorkspace(deps: AppDeps, actor: Actor & { userId: string }, input: CreateWorkspaceInput): Promise<{ id: string; slug: string }> {
  const slug = await pickSlug(deps, input);
  try {
    return await inTransaction(deps, async (tx) => {
      const workspace = await tx.db
        .insertInto("workspaces")
        .values({
          slug,
          name: input.name,
          trial_ends_at: sql<Date>`now() + ${`${trialDays} days`}::interval`,
          created_by: actor.userId,
        })
        .returning(["id", "slug", "name", "plan", "trial_ends_at"])
        .executeTakeFirstOrThrow();
      const roles = await createBuiltInRoles(tx.db, workspace.id);
      const membership = await tx.db.insertInto("memberships").values({ workspace_id: workspace.id, user_id: actor.userId }).returning("id").executeTakeFirstOrThrow();
      await tx.db.insertInto("membership_roles").values({ workspace_id: workspace.id, membership_id: membership.id, role_id: roles.owner, is_primary: true }).execute();
      await recordAudit(tx, {
        workspaceId: workspace.id,
        actor,
        action: "workspace.created",
        targetType: "workspace",
        targetId: workspace.id,
        targetLabel: workspace.name,
        after: { name: workspace.name, slug: workspace.slug, plan: workspace.plan, trialEndsAt: workspace.trial_ends_at },
      });
      tx.refreshRooms(actor.userId);
      return { id: workspace.id, slug: workspace.slug };
    });
  } catch (error) {
    if (isUniqueViolation(error, "workspaces_slug_key")) throw new AppError("WORKSPACE_SLUG_TAKEN");
    throw error;
  }
}

/** The workspaces a user belongs to, for the switcher. */
export async function listMyWorkspaces(deps: AppDeps, userId: string): Promise<WorkspaceSummary[]> {
  return deps.db
    .selectFrom("memberships as m")
    .innerJoin("workspaces as w", "w.id", "m.workspace_id")
    .leftJoin("membership_roles as mr", (join) => join.onRef("mr.membership_id", "=", "m.id").on("mr.is_primary", "=", true))
    .leftJoin("roles as r", "r.id", "mr.role_id")
    .select(["w.id", "w.slug", "w.name", "r.name as primaryRole"])
    .where("m.user_id", "=", userId)
    .where("m.status", "=", "active")
    .orderBy("w.name")
    .execute();
}

export interface WorkspaceOverview {
  id: string;
  slug: string;
  name: string;
  plan: Plan;
  trialEndsAt: string;
  onTrial: boolean;
  membershipId: string;
  access: Access;
}

export function workspaceOverview(caller: WorkspaceCaller): WorkspaceOverview {
  const { workspace, membershipId, access } = caller;
  return {
    id: workspace.id,
    slug: workspace.slug,
    name: workspace.name,
    plan: workspace.plan,
    trialEndsAt: workspace.trialEndsAt.toISOString(),
    onTrial: workspace.trialEndsAt.getTime() > Date.now(),
    membershipId,
    access,
  };
}
