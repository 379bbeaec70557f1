import { acceptWithNewAccountInput, invitationCsvInput, invitationIdInput, inviteInput, invitePeopleInput, tokenInput } from "../schemas/invitations";
import { checkInvitationCsv, importInvitationCsv } from "../services/invitations/csvImport";
import { acceptInvitation, acceptWithNewAccount, previewInvitation } from "../services/invitations/accept";
import { inviteMembers, invitePeople } from "../services/invitations/invite";
import { invitationRoleOptions, listInvitations } from "../services/invitations/list";
import { cancelInvitation, resendInvitation } from "../services/invitations/manage";
import { invitationSeats } from "../services/invitations/seats";
import { answerSettingCookie } from "../trpc/cookies";
import { authedProcedure, publicProcedure, requireVerifiedEmail, router, workspaceProcedure } from "../trpc/trpc";

const inviting = workspaceProcedure("members.invite");

export const invitationsRouter = router({
  /** Pending and expired invitations (never their tokens). */
  list: inviting.query(({ ctx }) => listInvitations(ctx.deps, ctx.caller)),
  /** Roles for the invite form, marked with whether the caller may give each. */
  roleOptions: inviting.query(({ ctx }) => invitationRoleOptions(ctx.deps, ctx.caller)),
  /** The plan, its seat limit and seats in use, shown above the form. */
  seats: inviting.query(({ ctx }) => invitationSeats(ctx.deps, ctx.caller)),
  invite: inviting
    .use(requireVerifiedEmail)
    .input(inviteInput)
    .mutation(({ ctx, input }) => inviteMembers(ctx.deps, ctx.caller, input)),
  /** The invite dialog: each person with their own roles, one answer per row (refused rows write nothing). */
  invitePeople: inviting
    .use(requireVerifiedEmail)
    .input(invitePeopleInput)
    .mutation(({ ctx, input }) => invitePeople(ctx.deps, ctx.caller, input)),
  /** A CSV of people checked line by line; nothing is sent. */
  checkCsv: inviting.input(invitationCsvInput).mutation(({ ctx, input }) => checkInvitationCsv(ctx.deps, ctx.caller, input)),
  /** A CSV sent: checked again, then every line is invited or none is. */
  importCsv: inviting
    .use(requireVerifiedEmail)
    .input(invitationCsvInput)
    .mutation(({ ctx, input }) => importInvitationCsv(ctx.deps, ctx.caller, input)),
  resend: inviting
    .use(requireVerifiedEmail)
    .input(invitationIdInput)
    .mutation(({ ctx, input }) => resendInvitation(ctx.deps, ctx.caller, input.invitationId)),
  cancel: inviting.input(invitationIdInput).mutation(({ ctx, input }) => cancelInvitation(ctx.deps, ctx.caller, input.invitationId)),

  /** What the emailed link shows; an unknown token says nothing more than "invalid". */
  preview: publicProcedure.input(tokenInput).query(({ ctx, input }) => previewInvitation(ctx.deps, input.token, ctx.user ? { id: ctx.user.id, email: ctx.user.email } : null)),
  accept: authedProcedure.input(tokenInput).mutation(({ ctx, input }) => acceptInvitation(ctx.deps, { id: ctx.user.id, name: ctx.user.name, email: ctx.user.email }, input.token)),
  acceptWithNewAccount: publicProcedure.input(acceptWithNewAccountInput).mutation(async ({ ctx, input }) => answerSettingCookie(ctx.response, await acceptWithNewAccount(ctx.deps, input, ctx.request))),
});
