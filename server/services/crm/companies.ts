/** CRM companies: a record resource (see ../records/resource.ts). */
import { sql } from "kysely";
import { companyFields } from "../../schemas/records";
import { defineRecordResource } from "../records/resource";

export const companies = defineRecordResource({
  resource: "crm.companies",
  table: "companies",
  noun: "company",
  fields: companyFields,
  columns: (f) => ({ name: f.name, domain: f.domain, industry: f.industry }),
  select: { name: sql<string>`x.name`, domain: sql<string | null>`x.domain`, industry: sql<string | null>`x.industry` },
  search: [sql`x.name`, sql`x.domain`, sql`x.industry`],
  toRecord: (r) => ({ name: r.name, domain: r.domain, industry: r.industry }),
  csv: { headers: ["Name", "Domain", "Industry"], row: (r) => [r.name, r.domain, r.industry] },
});
