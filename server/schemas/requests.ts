import { z } from "zod";
import { isPermission, type Permission, scopes } from "#shared/permissions/catalogue";
import { grantDurations } from "#shared/permissions/durations";
import { uuidSchema } from "./common";

export const permissionSchema = z
  .string({ required_error: "Choose the access you need." })
  .trim()
  .min(1, "Choose the access you need.")
  .refine(isPermission, "That is not a permission this workspace knows.")
  .transform((p) => p as Permission);

export const grantDurationSchema = z.enum(grantDurations, {
  errorMap: () => ({ message: "Choose 1 day, 7 days, 30 days or permanent." }),
});

export const createRequestInput = z.object({
  permission: permissionSchema,
  scope: z.enum(scopes, { errorMap: () => ({ message: "Choose whose records it covers." }) }).default("own"),
  reason: z.string({ required_error: "Say why you need it." }).trim().min(1, "Say why you need it, so the approver can decide.").max(500, "Keep the reason under 500 characters."),
  duration: grantDurationSchema,
});
export type CreateRequestInput = z.infer<typeof createRequestInput>;

export const requestIdInput = z.object({ requestId: uuidSchema });

export const approveRequestInput = z.object({
  requestId: uuidSchema,
  /** Optional: shorter than asked. */
  duration: grantDurationSchema.optional(),
  note: z.string().trim().max(500, "Keep the note under 500 characters.").optional(),
});

export const denyRequestInput = z.object({
  requestId: uuidSchema,
  note: z.string({ required_error: "Add a note so they know why." }).trim().min(1, "Add a note so they know why.").max(500, "Keep the note under 500 characters."),
});

export const requestStatusFilter = z.enum(["pending", "approved", "denied", "expired", "withdrawn", "all"]);

export const listRequestsInput = z.object({
  status: requestStatusFilter.default("all"),
  requesterMembershipId: uuidSchema.optional(),
  permission: permissionSchema.optional(),
});
export type ListRequestsInput = z.infer<typeof listRequestsInput>;

export const grantIdInput = z.object({ grantId: uuidSchema });
