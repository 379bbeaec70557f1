/**
 * What happens when a queued email's delivery status changes, by the kind
 * of email (an invitation becomes "delivered" or "undeliverable", and the
 * pages showing it are told). Each feature that sends mail adds its
 * listener here.
 */
import type { EmailStatusListener } from "#emails/worker";
import type { AppDeps } from "../deps";
import { invitationDeliveryListener } from "./invitations/delivery";

export function emailStatusListeners(deps: AppDeps): EmailStatusListener[] {
  return [invitationDeliveryListener(deps)];
}
