import { z } from "zod";
import { emailSchema, newPasswordSchema } from "./common";

/** An emailed link's token, as it appears in the URL; anything else is simply not a valid link. */
export const accountLinkInput = z.object({ token: z.string().trim().min(1, "This link is incomplete.").max(200) });

export const requestPasswordResetInput = z.object({ email: emailSchema });

export const resetPasswordInput = z.object({ token: z.string().trim().min(1).max(200), password: newPasswordSchema });

/** Checked against the stored hash; any length is accepted here, a wrong one gets "not your password". */
export const currentPasswordSchema = z.string({ required_error: "Enter your current password." }).min(1, "Enter your current password.").max(1_000);

export const changePasswordInput = z.object({ currentPassword: currentPasswordSchema, newPassword: newPasswordSchema });

export const requestEmailChangeInput = z.object({ newEmail: emailSchema, password: currentPasswordSchema });

/**
 * The password again, for actions that need a fresh proof (deleting a
 * workspace, viewing as a member). Optional in the schema so that leaving it
 * out gets its own answer (REAUTH_REQUIRED) rather than a generic one.
 */
export const reauthenticationFields = { password: z.string().max(1_000).optional() };
