import { companies } from "../services/crm/companies";
import { contacts } from "../services/crm/contacts";
import { router } from "../trpc/trpc";
import { recordRouter } from "./records";

export const crmRouter = router({ contacts: recordRouter(contacts), companies: recordRouter(companies) });
