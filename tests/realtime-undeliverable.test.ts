/**
 * An invitation Postmark refuses (inactive recipient) turns undeliverable
 * on the admins' open pages: the event reaches those who may invite, and
 * not a Viewer. Postmark's HTTP API is faked with msw; everything else is real.
 */
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { addMember, callerAs, createUser, createWorkspaceOwnedBy, sessionCookie, uniqueEmail } from "./helpers/fixtures";
import { roleIdsByKey } from "./helpers/invitations";
import { fakePostmark } from "./helpers/postmark";
import { startTestServer, type TestServer } from "./helpers/server";
import { closeAll, connectSocket, expectNoEvent, type LiveSocket } from "./helpers/sockets";

const postmark = fakePostmark();
let server: TestServer;
const open: LiveSocket[] = [];

beforeAll(async () => {
  postmark.server.listen({ onUnhandledRequest: "bypass" });
  server = await startTestServer({
    env: { POSTMARK_SERVER_TOKEN: "server-token-for-tests" },
    emailWorker: { backoffMs: () => 20, pollIntervalMs: 25 },
  });
});
afterEach(() => {
  closeAll(open);
  postmark.server.resetHandlers();
});
afterAll(async () => {
  await server.stop();
  postmark.server.close();
});

it("an invitation to an inactive recipient turns undeliverable live for those who may invite", async () => {
  const owner = await createUser(server.deps);
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Bounces");
  const roles = await roleIdsByKey(server.deps, ws.id);
  const viewer = await createUser(server.deps);
  await addMember(server.deps, ws.id, viewer, ["viewer"]);
  const [ownerSocket, viewerSocket] = await Promise.all([owner, viewer].map(async (u) => connectSocket(server, { cookie: await sessionCookie(server.deps, u) })));
  open.push(ownerSocket!, viewerSocket!);

  const email = uniqueEmail("inactive");
  postmark.script(email, "inactive-recipient-406");
  const { results } = await (
    await callerAs(server.deps, owner)
  ).invitations.invite({
    workspaceSlug: ws.slug,
    emails: [email],
    roleIds: [roles.member!],
    primaryRoleId: roles.member!,
  });
  const invitationId = results[0]!.invitationId!;
  await expect(ownerSocket!.waitFor("invitation.changed", (m) => m.invitationId === invitationId && m.change === "undeliverable", 10_000)).resolves.toMatchObject({ workspaceId: ws.id });
  expect(postmark.requestsTo(email)).toHaveLength(1);
  await expectNoEvent([viewerSocket!], { server });
});
