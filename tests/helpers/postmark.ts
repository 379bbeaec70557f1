/**
 * Postmark's HTTP API as documented (POST https://api.postmarkapp.com/email,
 * and the outbound message search by metadata), faked with msw at the
 * network boundary. Every send request is recorded as it arrived; answers
 * are scripted per recipient (default: accepted).
 */
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";

export const postmarkEmailEndpoint = "https://api.postmarkapp.com/email";
/** Outbound message search; the worker asks it before a retry (docs/decisions/0013). */
export const postmarkOutboundSearchEndpoint = "https://api.postmarkapp.com/messages/outbound";

export interface RecordedPostmarkRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export type PostmarkAnswer = "ok" | "invalid-address-300" | "inactive-recipient-406" | "rate-limited-429" | "server-error-500" | "network-failure";

function answer(kind: PostmarkAnswer, to: string) {
  switch (kind) {
    case "ok":
      return HttpResponse.json({
        To: to,
        SubmittedAt: new Date().toISOString(),
        MessageID: crypto.randomUUID(),
        ErrorCode: 0,
        Message: "OK",
      });
    case "invalid-address-300":
      return HttpResponse.json({ ErrorCode: 300, Message: "Invalid 'To' address: 'bad'." }, { status: 422 });
    case "inactive-recipient-406":
      return HttpResponse.json(
        {
          ErrorCode: 406,
          Message: "You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: " + to + ".",
        },
        { status: 422 },
      );
    case "rate-limited-429":
      return HttpResponse.json({ ErrorCode: 429, Message: "Rate limit exceeded." }, { status: 429 });
    case "server-error-500":
      return HttpResponse.json({ ErrorCode: 500, Message: "Internal server error." }, { status: 500 });
    case "network-failure":
      return HttpResponse.error();
  }
}

export function fakePostmark() {
  const requests: RecordedPostmarkRequest[] = [];
  const scripts = new Map<string, PostmarkAnswer[]>();
  const accepted: Array<{ messageId: string; outboxId: string | null }> = [];
  const server = setupServer(
    http.get(postmarkOutboundSearchEndpoint, ({ request }) => {
      const outboxId = new URL(request.url).searchParams.get("metadata_outboxId");
      const found = accepted.filter((m) => outboxId === null || m.outboxId === outboxId);
      return HttpResponse.json({ TotalCount: found.length, Messages: found.slice(0, 1).map((m) => ({ MessageID: m.messageId, Metadata: { outboxId: m.outboxId } })) });
    }),
    http.post(postmarkEmailEndpoint, async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      const headers: Record<string, string> = {};
      request.headers.forEach((value, key) => {
        headers[key] = value;
      });
      requests.push({ url: request.url, method: request.method, headers, body });
      const to = String(body.To ?? "");
      const next = scripts.get(to)?.shift() ?? "ok";
      const response = answer(next, to);
      if (next === "ok") {
        const { MessageID } = (await response.clone().json()) as { MessageID: string };
        const metadata = body.Metadata as Record<string, string> | undefined;
        accepted.push({ messageId: MessageID, outboxId: metadata?.outboxId ?? null });
      }
      return response;
    }),
  );
  return {
    server,
    requests,
    /** Answers for the next requests to this recipient, in order; afterwards "ok". */
    script(to: string, ...answers: PostmarkAnswer[]) {
      scripts.set(to, answers);
    },
    requestsTo(to: string) {
      return requests.filter((r) => r.body.To === to);
    },
  };
}
