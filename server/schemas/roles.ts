import { z } from "zod";
import { isPermission, type Permission, scopes } from "#shared/permissions/catalogue";
import { uuidSchema } from "./common";

const permissionSchema = z
  .string()
  .refine(isPermission, "That is not a permission this product knows.")
  .transform((p) => p as Permission);

export const roleGrantsSchema = z
  .array(z.object({ permission: permissionSchema, scope: z.enum(scopes) }))
  .max(200)
  .refine((grants) => new Set(grants.map((g) => g.permission)).size === grants.length, "Each permission may appear once.");

const roleNameSchema = z.string({ required_error: "Give the role a name." }).trim().min(1, "Give the role a name.").max(60, "Role names can be at most 60 characters.");

export const createRoleInput = z.object({
  name: roleNameSchema,
  description: z.string().trim().max(300).default(""),
  grants: roleGrantsSchema,
});

export const updateRoleInput = createRoleInput.extend({ roleId: uuidSchema });

export const deleteRoleInput = z.object({
  roleId: uuidSchema,
  /** What happens to members who hold the role: move them to another role, or just drop it (only when each has another). */
  holders: z.discriminatedUnion("action", [z.object({ action: z.literal("reassign"), roleId: uuidSchema }), z.object({ action: z.literal("drop") })]).optional(),
});
