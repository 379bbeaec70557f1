/**
 * Demo data for the two modules, owned across the demo people so that each
 * role and scope shows something different: CRM contacts for the sales and
 * operations people, jobs and candidates for the recruiting team. Keyed on
 * natural values (a contact's email, a job's title, a candidate's email), so
 * seeding twice changes nothing.
 */
import type { Kysely } from "kysely";
import type { CandidateStage, Database } from "#db/schema";
import type { SeededDemo } from "./demo";

const companies = ["Contoso", "Fabrikam", "Globex", "Initech", "Umbrella", "Stark Industries", "Wayne Enterprises", "Hooli", "Vandelay Imports", "Acme Corp"];
const firstNames = ["Alice", "Bruno", "Carmen", "Dmitri", "Elena", "Farid", "Gita", "Hugo", "Isla", "Jonas", "Keiko", "Leon"];
const lastNames = ["Andersen", "Barros", "Costa", "Dimitrov", "Eriksen", "Fontaine", "Gupta", "Horvat", "Ivanova", "Jensen"];

const contactOwners = ["victor", "sofia", "liam", "noah", "mia", "lucas", "emma", "jack", "chloe", "ben", "yuki", "omar", "tom", "ines", "kofi", "adam"];
const jobs: Array<{ title: string; location: string; status: "draft" | "open" | "closed"; owner: string }> = [
  { title: "Senior Account Executive", location: "London", status: "open", owner: "rachel" },
  { title: "Sales Development Representative", location: "Remote (EU)", status: "open", owner: "ravi" },
  { title: "Customer Success Manager", location: "Lisbon", status: "open", owner: "grace" },
  { title: "Operations Analyst", location: "Berlin", status: "draft", owner: "daniel" },
  { title: "Recruiting Coordinator", location: "Remote", status: "closed", owner: "fatima" },
  { title: "Solutions Engineer", location: "Stockholm", status: "open", owner: "ella" },
];
const stages: CandidateStage[] = ["applied", "screening", "interview", "offer", "hired", "rejected"];
const recruiters = ["rachel", "ravi", "grace", "daniel", "fatima", "ella"];

export async function seedDemoModules(db: Kysely<Database>, demo: SeededDemo): Promise<{ contacts: number; jobs: number; candidates: number }> {
  return db.transaction().execute(async (trx) => {
    const owner = (key: string) => {
      const id = demo.membershipIds[key];
      if (!id) throw new Error(`Demo person ${key} is missing`);
      return id;
    };
    let contacts = 0;
    for (let i = 0; i < 64; i += 1) {
      const first = firstNames[i % firstNames.length] ?? "Alex";
      const last = lastNames[(i * 7) % lastNames.length] ?? "Smith";
      const company = companies[i % companies.length] ?? "Acme";
      const email = `${first}.${last}.${i}@${company.toLowerCase().replace(/[^a-z]/g, "")}.example`.toLowerCase();
      const exists = await trx.selectFrom("contacts").select("id").where("workspace_id", "=", demo.workspaceId).where("email", "=", email).executeTakeFirst();
      if (exists) continue;
      await trx
        .insertInto("contacts")
        .values({
          workspace_id: demo.workspaceId,
          owner_id: owner(contactOwners[i % contactOwners.length] ?? "victor"),
          name: `${first} ${last}`,
          email,
          company,
          phone: `+44 20 7946 ${String(1000 + i).slice(-4)}`,
          created_at: new Date(Date.now() - i * 3_600_000),
        })
        .execute();
      contacts += 1;
    }
    const jobIds: string[] = [];
    let jobCount = 0;
    for (const job of jobs) {
      const existing = await trx.selectFrom("jobs").select("id").where("workspace_id", "=", demo.workspaceId).where("title", "=", job.title).executeTakeFirst();
      const row =
        existing ??
        (await trx
          .insertInto("jobs")
          .values({ workspace_id: demo.workspaceId, owner_id: owner(job.owner), title: job.title, location: job.location, status: job.status })
          .returning("id")
          .executeTakeFirstOrThrow());
      if (!existing) jobCount += 1;
      jobIds.push(row.id);
    }
    let candidates = 0;
    for (let i = 0; i < 30; i += 1) {
      const first = firstNames[(i * 5) % firstNames.length] ?? "Sam";
      const last = lastNames[(i * 3) % lastNames.length] ?? "Lee";
      const email = `${first}.${last}.candidate${i}@mail.example`.toLowerCase();
      const exists = await trx.selectFrom("candidates").select("id").where("workspace_id", "=", demo.workspaceId).where("email", "=", email).executeTakeFirst();
      if (exists) continue;
      await trx
        .insertInto("candidates")
        .values({
          workspace_id: demo.workspaceId,
          owner_id: owner(recruiters[i % recruiters.length] ?? "rachel"),
          job_id: jobIds[i % jobIds.length] ?? null,
          name: `${first} ${last}`,
          email,
          stage: stages[i % stages.length] ?? "applied",
          created_at: new Date(Date.now() - i * 5_400_000),
        })
        .execute();
      candidates += 1;
    }
    return { contacts, jobs: jobCount, candidates };
  });
}
