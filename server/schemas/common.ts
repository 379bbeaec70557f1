import { z } from "zod";
import { passwordRules } from "../auth/password";

export const emailSchema = z
  .string({ required_error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address.")
  .max(254, "That email address is too long.")
  .email("Enter a valid email address, like name@company.com.");

export const personNameSchema = z.string({ required_error: "Enter your name." }).trim().min(1, "Enter your name.").max(100, "Names can be at most 100 characters.");

export const newPasswordSchema = z
  .string({ required_error: "Choose a password." })
  .min(passwordRules.minLength, `Use at least ${passwordRules.minLength} characters.`)
  .max(passwordRules.maxLength, `Use at most ${passwordRules.maxLength} characters.`);

export const uuidSchema = z.string().uuid("That is not a valid id.");
