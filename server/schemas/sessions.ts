import { z } from "zod";

export const signOutSessionInput = z.object({
  // A session id is a SHA-256 in hex; anything else simply matches no session.
  sessionId: z.string({ required_error: "Choose a session." }).trim().min(1, "Choose a session.").max(128),
});
export type SignOutSessionInput = z.infer<typeof signOutSessionInput>;
