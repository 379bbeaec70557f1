import { createContactInput, recordExportInput, recordIdInput, recordListInput, updateContactInput } from "../schemas/records";
import { createContact, deleteContact, exportContacts, getContact, listContacts, updateContact } from "../services/crm/contacts";
import { recordCaller } from "../trpc/recordCaller";
import { router, workspaceProcedure } from "../trpc/trpc";

export const crmRouter = router({
  contacts: router({
    list: workspaceProcedure("crm.contacts.read").input(recordListInput).query(({ ctx, input }) => listContacts(ctx.deps, recordCaller(ctx), input)),
    get: workspaceProcedure("crm.contacts.read").input(recordIdInput).query(({ ctx, input }) => getContact(ctx.deps, recordCaller(ctx), input.id)),
    create: workspaceProcedure("crm.contacts.create").input(createContactInput).mutation(({ ctx, input }) => createContact(ctx.deps, recordCaller(ctx), input)),
    update: workspaceProcedure("crm.contacts.update").input(updateContactInput).mutation(({ ctx, input }) => updateContact(ctx.deps, recordCaller(ctx), input)),
    delete: workspaceProcedure("crm.contacts.delete").input(recordIdInput).mutation(({ ctx, input }) => deleteContact(ctx.deps, recordCaller(ctx), input.id)),
    export: workspaceProcedure("crm.contacts.export").input(recordExportInput).query(({ ctx, input }) => exportContacts(ctx.deps, recordCaller(ctx), input)),
  }),
});
