/** Inputs of invite links, requests to join and verified domains (issue 13). */
import { z } from "zod";
import { emailSchema, uuidSchema } from "./common";
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
  .transform((v) => v.replace(/^@/, ""))
  .pipe(
    z
      .string()
      .min(3, "Enter a domain, like example.com.")
      .max(253, "That domain is too long.")
      .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "Enter a domain like example.com (no http://, no path)."),
  );

export const domainModeSchema = z.enum(["automatic", "request"], { errorMap: () => ({ message: "Choose how people at the domain join: automatically or by asking." }) });

export const addDomainInput = z.object({ domain: domainSchema, email: emailSchema, mode: domainModeSchema, roleId: uuidSchema });
export const domainIdInput = z.object({ domainId: uuidSchema });
export const resendDomainInput = z.object({ domainId: uuidSchema, email: emailSchema });
export const updateDomainInput = z.object({ domainId: uuidSchema, mode: domainModeSchema, roleId: uuidSchema });
