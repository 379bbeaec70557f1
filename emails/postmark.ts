/**
 * Sending through Postmark's API with the official `postmark` package.
 * Postmark answers 200 with a MessageID; errors carry an ErrorCode:
 *   406 inactive recipient, 300 invalid email request  -> undeliverable, not retried;
 *   429, 5xx, network failures (and anything else)     -> retried with backoff.
 */
import postmark from "postmark";
import type { EmailMessage, EmailTransport, SendResult } from "./transport";

export const undeliverableErrorCodes: ReadonlySet<number> = new Set([300, 406]);

export interface PostmarkOptions {
  serverToken: string;
  messageStream: string;
  /** Postmark's API address; https://api.postmarkapp.com unless pointed elsewhere. */
  apiUrl?: string;
  timeoutSeconds?: number;
}

export function createPostmarkTransport(options: PostmarkOptions): EmailTransport {
  const url = new URL(options.apiUrl ?? "https://api.postmarkapp.com");
  const client = new postmark.ServerClient(options.serverToken, {
    requestHost: url.host,
    useHttps: url.protocol === "https:",
    timeout: options.timeoutSeconds ?? 20,
  });
  const apiOrigin = url.origin;
  return {
    name: "postmark",
    async findSent(outboxId: string) {
      // Postmark's outbound message search filters on metadata (metadata_<key>=value).
      const search = new URLSearchParams({ count: "1", offset: "0", metadata_outboxId: outboxId });
      const response = await fetch(`${apiOrigin}/messages/outbound?${search}`, {
        headers: { Accept: "application/json", "X-Postmark-Server-Token": options.serverToken },
        signal: AbortSignal.timeout((options.timeoutSeconds ?? 20) * 1000),
      });
      if (!response.ok) throw new Error(`Postmark message search answered ${response.status}`);
      const body = (await response.json()) as { TotalCount?: number; Messages?: Array<{ MessageID?: string }> };
      const found = body.Messages?.[0]?.MessageID;
      return found ? { messageId: found } : null;
    },
    async send(message: EmailMessage): Promise<SendResult> {
      try {
        const response = await client.sendEmail({
          From: message.from,
          To: message.to,
          Subject: message.subject,
          HtmlBody: message.html,
          TextBody: message.text,
          MessageStream: options.messageStream,
          Tag: message.tag,
          Metadata: message.metadata,
          TrackOpens: false,
        });
        if (response.ErrorCode && response.ErrorCode !== 0) {
          return {
            ok: false,
            permanent: undeliverableErrorCodes.has(response.ErrorCode),
            reason: response.Message,
            errorCode: response.ErrorCode,
          };
        }
        return { ok: true, messageId: response.MessageID };
      } catch (error) {
        const e = error as { code?: number; statusCode?: number; message?: string };
        const errorCode = typeof e.code === "number" ? e.code : undefined;
        return {
          ok: false,
          permanent: errorCode !== undefined && undeliverableErrorCodes.has(errorCode),
          reason: e.message ?? String(error),
          errorCode,
          httpStatus: typeof e.statusCode === "number" && e.statusCode > 0 ? e.statusCode : undefined,
        };
      }
    },
  };
}
