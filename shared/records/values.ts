/** The fixed values of module records, shared by the zod schemas and the pages (no other imports: safe in the browser bundle). */
export const jobStatuses = ["draft", "open", "closed"] as const;
export const candidateStages = ["applied", "screening", "interview", "offer", "hired", "rejected"] as const;
