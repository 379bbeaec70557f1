import { z } from "zod";
import { isTimeZone } from "#shared/time/format";

const dateOnly = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-22.")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "That is not a real date.");

/** Blank form fields arrive as "": treat them as "no filter". */
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

export const auditFiltersSchema = z
  .object({
    actorUserId: z.preprocess(blankToUndefined, z.string().uuid("Choose a person from the list.").optional()),
    action: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .max(80)
        .regex(/^[a-z_]+(\.[a-z_]+)*$/, "Choose an action from the list.")
        .optional(),
    ),
    target: z.preprocess(blankToUndefined, z.string().trim().max(200, "Use at most 200 characters.").optional()),
    from: z.preprocess(blankToUndefined, dateOnly.optional()),
    to: z.preprocess(blankToUndefined, dateOnly.optional()),
    /** The zone whose calendar days `from` and `to` name: the person's own (the page shows its times in it too). */
    timeZone: z.string().max(64).refine(isTimeZone, "That is not a time zone we know.").default("UTC"),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "The start date must be on or before the end date.", path: ["to"] });
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export const auditListInput = z.object({
  filters: auditFiltersSchema.default({}),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(10).max(200).default(50),
});
export type AuditListInput = z.infer<typeof auditListInput>;
