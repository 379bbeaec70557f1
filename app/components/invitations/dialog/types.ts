/** The dialog's data, as the API answers it (the router's output types: the browser imports no server module). */
import type { RouterOutputs } from "../../../lib/trpc";

type Invitations = RouterOutputs["invitations"];
export type RoleOption = Invitations["roleOptions"][number];
export type InvitationSeats = Invitations["seats"];
export type InviteResult = Invitations["invitePeople"]["results"][number];
export type InviteOutcome = InviteResult["outcome"];
export type CsvCheck = Invitations["checkCsv"];
export type CsvImportResult = Invitations["importCsv"];
