/** CRM contacts: a record resource (see ../records/resource.ts). */
import { sql } from "kysely";
import { contactFields } from "../../schemas/records";
import { defineRecordResource } from "../records/resource";

export const contacts = defineRecordResource({
  resource: "crm.contacts",
  table: "contacts",
  noun: "contact",
  fields: contactFields,
  columns: (f) => ({ name: f.name, email: f.email, company: f.company, phone: f.phone }),
  select: { name: sql<string>`x.name`, email: sql<string | null>`x.email`, company: sql<string | null>`x.company`, phone: sql<string | null>`x.phone` },
  search: [sql`x.name`, sql`x.email`, sql`x.company`],
  toRecord: (r) => ({ name: r.name, email: r.email, company: r.company, phone: r.phone }),
  csv: { headers: ["Name", "Email", "Company", "Phone"], row: (r) => [r.name, r.email, r.company, r.phone] },
});
export type Contact = Awaited<ReturnType<typeof contacts.get>>;
