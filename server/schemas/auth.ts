import { z } from "zod";
import { emailSchema, newPasswordSchema, personNameSchema } from "./common";

export const signUpInput = z.object({
  name: personNameSchema,
  email: emailSchema,
  password: newPasswordSchema,
});
export type SignUpInput = z.infer<typeof signUpInput>;

export const signInInput = z.object({
  email: emailSchema,
  // Any length is accepted here: a wrong password gets the same answer as an unknown email.
  password: z.string({ required_error: "Enter your password." }).min(1, "Enter your password.").max(1_000),
});
export type SignInInput = z.infer<typeof signInInput>;
