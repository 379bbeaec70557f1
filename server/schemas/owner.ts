import { z } from "zod";
import { plans } from "#shared/plans";
import { reauthenticationFields } from "./account";
import { uuidSchema } from "./common";

export const changePlanInput = z.object({
  plan: z.enum(plans as ["starter", "professional", "enterprise"], {
    errorMap: () => ({ message: "Choose Starter, Professional or Enterprise." }),
  }),
});

export const deleteWorkspaceInput = z.object({
  confirmName: z.string({ required_error: "Type the workspace's name to confirm." }).trim().min(1, "Type the workspace's name to confirm.").max(200),
  ...reauthenticationFields,
});

export const startImpersonationInput = z.object({ membershipId: uuidSchema, ...reauthenticationFields });

export const notificationListInput = z
  .object({
    limit: z.number().int().min(1).max(100).default(20),
    unreadOnly: z.boolean().default(false),
  })
  .default({});

export const markReadInput = z.union([z.object({ ids: z.array(uuidSchema).min(1).max(200) }), z.object({ all: z.literal(true) })]);
