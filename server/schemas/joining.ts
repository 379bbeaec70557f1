/** Inputs of invite links, requests to join and verified domains (issue 13). */
import { z } from "zod";
import { uuidSchema } from "./common";
import { tokenInput } from "./invitations";

export { tokenInput };

export const createInviteLinkInput = z.object({
  roleId: uuidSchema,
  expiresInDays: z.union([z.literal(1), z.literal(7), z.literal(30)], { errorMap: () => ({ message: "Choose when the link expires: 1, 7 or 30 days." }) }),
  maxUses: z
    .number({ invalid_type_error: "Enter how many people may use the link, or leave it empty for no limit." })
    .int("Enter a whole number of uses.")
    .min(1, "A use limit must be at least 1.")
    .max(10_000, "A use limit can be at most 10,000.")
    .nullable(),
  requiresApproval: z.boolean(),
});

export const inviteLinkIdInput = z.object({ linkId: uuidSchema });
export const joinRequestIdInput = z.object({ requestId: uuidSchema });

export const domainSchema = z
  .string({ required_error: "Enter a domain, like example.com." })
  .trim()
  .toLowerCase()
  .min(3, "Enter a domain, like example.com.")
  .max(254, "That domain is too long.")
  .regex(/^@?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "Enter a domain like example.com (no http://, no path).")
  .transform((v) => v.replace(/^@/, ""));

/** The part before the @ of the address at the domain that receives the verification link. */
export const localPartSchema = z
  .string({ required_error: "Enter the part of the address before the @." })
  .trim()
  .toLowerCase()
  .min(1, "Enter the part of the address before the @.")
  .max(64, "That is too long for the part before the @.")
  .regex(/^[a-z0-9](?:[a-z0-9._+-]{0,62}[a-z0-9])?$/, "Use letters, digits, dots, dashes, underscores or + before the @, like it or jane.doe.");

export const domainModeSchema = z.enum(["automatic", "request"], { errorMap: () => ({ message: "Choose how people at the domain join: automatically or by asking." }) });

export const addDomainInput = z.object({ domain: domainSchema, localPart: localPartSchema, mode: domainModeSchema, roleId: uuidSchema });
export const domainIdInput = z.object({ domainId: uuidSchema });
export const resendDomainInput = z.object({ domainId: uuidSchema, localPart: localPartSchema });
export const updateDomainInput = z.object({ domainId: uuidSchema, mode: domainModeSchema, roleId: uuidSchema });
