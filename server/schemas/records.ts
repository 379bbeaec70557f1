import { z } from "zod";
import { uuidSchema } from "./common";
import { candidateStages, jobStatuses } from "#shared/records/values";

export { candidateStages, jobStatuses };

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));

/** Filters every record list shares: a text search, the owner's department, and paging. */
export const recordListInput = z.object({
  query: z.string().trim().max(100).optional(),
  departmentId: uuidSchema.optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(5).max(100).default(25),
});
export type RecordListInput = z.infer<typeof recordListInput>;
export const recordExportInput = recordListInput.omit({ page: true, pageSize: true });

export const recordIdInput = z.object({ id: uuidSchema });

const personName = z.string({ required_error: "Enter a name." }).trim().min(1, "Enter a name.").max(120, "Names can be at most 120 characters.");
const optionalEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .optional()
  .nullable()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || z.string().email().safeParse(v).success, "Enter a valid email address, like name@company.com.");

export const contactFields = z.object({
  name: personName,
  email: optionalEmail,
  company: optionalText(120, "Company names can be at most 120 characters."),
  phone: optionalText(40, "Phone numbers can be at most 40 characters."),
});
export const createContactInput = contactFields;
export const updateContactInput = contactFields.extend({ id: uuidSchema });

export const companyFields = z.object({
  name: z.string({ required_error: "Enter a company name." }).trim().min(1, "Enter a company name.").max(120, "Company names can be at most 120 characters."),
  domain: optionalText(253, "Domains can be at most 253 characters.").refine((v) => v === null || /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(v), "Enter a domain like example.com."),
  industry: optionalText(80, "Industries can be at most 80 characters."),
});

export const jobFields = z.object({
  title: z.string({ required_error: "Enter a job title." }).trim().min(1, "Enter a job title.").max(120, "Titles can be at most 120 characters."),
  location: optionalText(120, "Locations can be at most 120 characters."),
  status: z.enum(jobStatuses).default("open"),
});
export const createJobInput = jobFields;
export const updateJobInput = jobFields.extend({ id: uuidSchema });

export const candidateFields = z.object({
  name: personName,
  email: optionalEmail,
  jobId: uuidSchema
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  stage: z.enum(candidateStages).default("applied"),
});
export const createCandidateInput = candidateFields;
export const updateCandidateInput = candidateFields.extend({ id: uuidSchema });
export const candidateListInput = recordListInput.extend({ jobId: uuidSchema.optional() });
export const candidateExportInput = recordExportInput.extend({ jobId: uuidSchema.optional() });
