/** Invite links, requests to join and verified domains: wiring only (services/joining/). */
import { AppError } from "../errors";
import { isOwner } from "#shared/permissions/access";
import { addDomainInput, createInviteLinkInput, domainIdInput, inviteLinkIdInput, joinRequestIdInput, resendDomainInput, tokenInput, updateDomainInput } from "../schemas/joining";
import { addDomain, confirmDomain, domainOffers, joinByDomain, listDomains, removeDomain, resendDomainVerification, updateDomain } from "../services/joining/domains";
import { createInviteLink, joinByInviteLink, listInviteLinks, previewInviteLink, turnOffInviteLink } from "../services/joining/links";
import { approveJoinRequest, denyJoinRequest, listJoinRequests } from "../services/joining/requests";
import { authedProcedure, publicProcedure, requireVerifiedEmail, router, workspaceProcedure } from "../trpc/trpc";

const inviting = workspaceProcedure("members.invite");

/** Verifying domains and choosing how people join through them is an Owner's. */
const owning = inviting.use(({ ctx, next }) => {
  if (!isOwner(ctx.caller.access)) throw new AppError("FORBIDDEN", "Only an Owner can add, change or remove verified domains.");
  return next();
});

const newcomer = (user: { id: string; name: string; email: string }) => ({ id: user.id, name: user.name, email: user.email });

export const inviteLinksRouter = router({
  list: inviting.query(({ ctx }) => listInviteLinks(ctx.deps, ctx.caller)),
  create: inviting
    .use(requireVerifiedEmail)
    .input(createInviteLinkInput)
    .mutation(({ ctx, input }) => createInviteLink(ctx.deps, ctx.caller, input)),
  turnOff: inviting.input(inviteLinkIdInput).mutation(({ ctx, input }) => turnOffInviteLink(ctx.deps, ctx.caller, input.linkId)),
  /** What /join/<token> shows; an unknown token says nothing more than "invalid". */
  preview: publicProcedure.input(tokenInput).query(({ ctx, input }) => previewInviteLink(ctx.deps, input.token, ctx.user ? { id: ctx.user.id } : null)),
  join: authedProcedure.input(tokenInput).mutation(({ ctx, input }) => joinByInviteLink(ctx.deps, newcomer(ctx.user), input.token)),
});

export const joinRequestsRouter = router({
  list: inviting.query(({ ctx }) => listJoinRequests(ctx.deps, ctx.caller)),
  approve: inviting.input(joinRequestIdInput).mutation(({ ctx, input }) => approveJoinRequest(ctx.deps, ctx.caller, input.requestId)),
  deny: inviting.input(joinRequestIdInput).mutation(({ ctx, input }) => denyJoinRequest(ctx.deps, ctx.caller, input.requestId)),
});

export const domainsRouter = router({
  list: inviting.query(({ ctx }) => listDomains(ctx.deps, ctx.caller)),
  add: owning
    .use(requireVerifiedEmail)
    .input(addDomainInput)
    .mutation(({ ctx, input }) => addDomain(ctx.deps, ctx.caller, input)),
  resend: owning
    .use(requireVerifiedEmail)
    .input(resendDomainInput)
    .mutation(({ ctx, input }) => resendDomainVerification(ctx.deps, ctx.caller, input)),
  update: owning.input(updateDomainInput).mutation(({ ctx, input }) => updateDomain(ctx.deps, ctx.caller, input)),
  remove: owning.input(domainIdInput).mutation(({ ctx, input }) => removeDomain(ctx.deps, ctx.caller, input.domainId)),
  /** Opening the emailed verification link: the token is the proof. */
  confirm: publicProcedure.input(tokenInput).mutation(({ ctx, input }) => confirmDomain(ctx.deps, input.token)),
  /** Workspaces offering joining to the signed-in person's confirmed domain. */
  offers: authedProcedure.query(({ ctx }) => domainOffers(ctx.deps, ctx.user.id)),
  join: authedProcedure.input(domainIdInput).mutation(({ ctx, input }) => joinByDomain(ctx.deps, newcomer(ctx.user), input.domainId)),
});
