import { z } from "zod";
import { newPasswordSchema, personNameSchema, uuidSchema } from "./common";
import { maxCsvCharacters, maxCsvPeople, maxInvitationsPerBatch, maxPersonalMessageLength, splitAddresses } from "#shared/invitations/addresses";

export { maxCsvCharacters, maxCsvPeople, maxInvitationsPerBatch, maxPersonalMessageLength, splitAddresses };

const addressSyntax = z.string().max(254).email();

/** Trimmed and lower-cased, or null when it is not an email address. */
export function normaliseAddress(raw: string): string | null {
  const value = raw.trim().toLowerCase();
  if (value.length < 3 || !addressSyntax.safeParse(value).success) return null;
  return value;
}

const roleSelection = {
  roleIds: z.array(uuidSchema).min(1, "Choose at least one role.").max(20),
  primaryRoleId: uuidSchema,
};

function primaryIsGiven(value: { roleIds: string[]; primaryRoleId: string }): boolean {
  return value.roleIds.includes(value.primaryRoleId);
}
const primaryMessage = { message: "The primary role must be one of the chosen roles.", path: ["primaryRoleId"] };

export const inviteInput = z
  .object({
    /** Addresses as typed: one per entry, or pasted lists separated by commas or new lines. */
    emails: z.array(z.string().max(20_000)).min(1, "Enter at least one email address.").max(maxInvitationsPerBatch),
    ...roleSelection,
    message: z
      .string()
      .trim()
      .max(maxPersonalMessageLength, `Keep the personal message under ${maxPersonalMessageLength} characters.`)
      .optional()
      .transform((v) => (v ? v : null)),
  })
  .refine(primaryIsGiven, primaryMessage);
export type InviteInput = z.infer<typeof inviteInput>;

const personalMessage = z
  .string()
  .trim()
  .max(maxPersonalMessageLength, `Keep the personal message under ${maxPersonalMessageLength} characters.`)
  .optional()
  .transform((v) => (v ? v : null));

/** The invite dialog: one row per person, each with their own roles and primary role. */
export const invitePeopleInput = z.object({
  people: z
    .array(
      z
        .object({
          email: z.string().max(320),
          ...roleSelection,
        })
        .refine(primaryIsGiven, primaryMessage),
    )
    .min(1, "Enter at least one email address.")
    .max(maxInvitationsPerBatch, `You can invite at most ${maxInvitationsPerBatch} people at once.`),
  message: personalMessage,
});
export type InvitePeopleInput = z.infer<typeof invitePeopleInput>;

/** A CSV file's text, checked (and then sent) in one call; 500 people of ordinary addresses fit well within the size. */
export const invitationCsvInput = z.object({
  csv: z
    .string()
    .min(1, "Choose a CSV file or paste its contents.")
    .max(maxCsvCharacters, `The file is too large: keep it under ${maxCsvCharacters / 1000} KB (${maxCsvPeople} people).`),
  message: personalMessage,
});
export type InvitationCsvInput = z.infer<typeof invitationCsvInput>;

export const invitationIdInput = z.object({ invitationId: uuidSchema });

/** Tokens are 43 base64url characters; anything else is simply not a token. */
export const invitationTokenSchema = z.string().trim().min(1).max(200);
export const tokenInput = z.object({ token: invitationTokenSchema });

export const acceptWithNewAccountInput = z.object({
  token: invitationTokenSchema,
  name: personNameSchema,
  password: newPasswordSchema,
  /** The person confirmed that an unconfirmed account holding this address is to be replaced by theirs. */
  replaceUnconfirmed: z.boolean().optional(),
});
