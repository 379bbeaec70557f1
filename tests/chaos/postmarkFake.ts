/**
 * Postmark's HTTP API, faked with msw: POST /email and the outbound message
 * search (GET /messages/outbound?metadata_outboxId=…), with switchable
 * failure modes. Its state lives in a folder (accepted messages as JSON
 * lines, the mode as JSON) so that a server process and the test that kills
 * and restarts it see the same "Postmark".
 */
import { randomUUID } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { delay, http, HttpResponse } from "msw";

export const fakePostmarkUrl = "https://postmark.fake.test";
export const fakePostmarkToken = "fake-server-token";

export interface FakeMode {
  /** Every call answers 500 (Postmark down). */
  down?: boolean;
  /** Delay before answering, in ms (Postmark slow). */
  delayMs?: number;
  /** Accept the message, then answer 500 (the answer is lost after Postmark took it). */
  acceptThenFail?: boolean;
  /** Accept the message, then never answer (the sender dies waiting). */
  acceptThenHang?: boolean;
  /** The message search answers 500. */
  searchDown?: boolean;
}

export interface AcceptedMessage {
  messageId: string;
  outboxId: string | null;
  to: string;
  subject: string;
  at: string;
}

export class PostmarkFake {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private get sentFile() {
    return path.join(this.dir, "accepted.jsonl");
  }

  private get modeFile() {
    return path.join(this.dir, "mode.json");
  }

  setMode(mode: FakeMode): void {
    writeFileSync(this.modeFile, JSON.stringify(mode));
  }

  mode(): FakeMode {
    return existsSync(this.modeFile) ? (JSON.parse(readFileSync(this.modeFile, "utf8")) as FakeMode) : {};
  }

  accepted(): AcceptedMessage[] {
    if (!existsSync(this.sentFile)) return [];
    return readFileSync(this.sentFile, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AcceptedMessage);
  }

  /** Messages accepted per outbox id (a value above 1 is a double send). */
  acceptedCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const message of this.accepted()) {
      if (message.outboxId) counts.set(message.outboxId, (counts.get(message.outboxId) ?? 0) + 1);
    }
    return counts;
  }

  private accept(body: { To?: string; Subject?: string; Metadata?: Record<string, string> }): AcceptedMessage {
    const message: AcceptedMessage = {
      messageId: randomUUID(),
      outboxId: body.Metadata?.outboxId ?? null,
      to: body.To ?? "",
      subject: body.Subject ?? "",
      at: new Date().toISOString(),
    };
    appendFileSync(this.sentFile, `${JSON.stringify(message)}\n`);
    return message;
  }

  handlers() {
    const serverError = () => HttpResponse.json({ ErrorCode: 500, Message: "Internal server error" }, { status: 500 });
    return [
      http.post(`${fakePostmarkUrl}/email`, async ({ request }) => {
        if (request.headers.get("x-postmark-server-token") !== fakePostmarkToken) {
          return HttpResponse.json({ ErrorCode: 10, Message: "Bad or missing Server API token." }, { status: 401 });
        }
        const mode = this.mode();
        if (mode.delayMs) await delay(mode.delayMs);
        if (mode.down) return serverError();
        const body = (await request.json()) as { To?: string; Subject?: string; Metadata?: Record<string, string> };
        const message = this.accept(body);
        if (mode.acceptThenHang) await delay("infinite");
        if (mode.acceptThenFail) return serverError();
        return HttpResponse.json({ To: message.to, SubmittedAt: message.at, MessageID: message.messageId, ErrorCode: 0, Message: "OK" });
      }),
      http.get(`${fakePostmarkUrl}/messages/outbound`, async ({ request }) => {
        const mode = this.mode();
        if (mode.delayMs) await delay(mode.delayMs);
        if (mode.down || mode.searchDown) return serverError();
        const outboxId = new URL(request.url).searchParams.get("metadata_outboxId");
        const matches = this.accepted().filter((m) => outboxId === null || m.outboxId === outboxId);
        return HttpResponse.json({
          TotalCount: matches.length,
          Messages: matches.slice(0, 1).map((m) => ({ MessageID: m.messageId, To: [{ Email: m.to }], Subject: m.subject, Metadata: { outboxId: m.outboxId } })),
        });
      }),
    ];
  }
}

export const fakePostmarkEnv = {
  POSTMARK_SERVER_TOKEN: fakePostmarkToken,
  POSTMARK_API_URL: fakePostmarkUrl,
};
