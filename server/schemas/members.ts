import { z } from "zod";
import { moduleKeys } from "#shared/permissions/catalogue";
import { uuidSchema } from "./common";

export const memberSortKeys = ["name", "email", "joined", "department"] as const;

export const searchMembersInput = z.object({
  query: z.string().trim().max(100).optional(),
  roleId: uuidSchema.optional(),
  /** A department id, or "none" for members without one. */
  departmentId: z.union([uuidSchema, z.literal("none")]).optional(),
  managerId: uuidSchema.optional(),
  status: z.enum(["active", "removed"]).default("active"),
  sort: z.enum(memberSortKeys).default("name"),
  direction: z.enum(["asc", "desc"]).default("asc"),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(5).max(100).default(25),
});
export type SearchMembersInput = z.infer<typeof searchMembersInput>;

export const lookupMembersInput = z.object({ query: z.string().trim().max(100).default(""), limit: z.number().int().min(1).max(20).default(8) });

export const membershipIdInput = z.object({ membershipId: uuidSchema });

export const setRolesInput = z.object({
  membershipId: uuidSchema,
  roleIds: z.array(uuidSchema).min(1, "A member needs at least one role.").max(20),
  primaryRoleId: uuidSchema,
});

export const setManagerInput = z.object({ membershipId: uuidSchema, managerId: uuidSchema.nullable() });
export const setDepartmentInput = z.object({ membershipId: uuidSchema, departmentId: uuidSchema.nullable() });

const moduleKeyEnum = z.enum(moduleKeys as [string, ...string[]]);
export const setMemberModulesInput = z.object({
  membershipId: uuidSchema,
  modules: z.record(moduleKeyEnum, z.boolean()),
});
export const setWorkspaceModuleInput = z.object({ module: moduleKeyEnum, enabled: z.boolean() });

export const transferOwnershipInput = z.object({
  membershipId: uuidSchema,
  /** What the Owner who transfers becomes: still an Owner, or an Admin. */
  formerOwnerBecomes: z.enum(["owner", "admin"], { errorMap: () => ({ message: "Choose whether you stay an Owner or become an Admin." }) }),
});
