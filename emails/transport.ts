export interface EmailMessage {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Postmark tag, e.g. "invitation". */
  tag?: string;
  /** Postmark metadata; the outbox id lets a sent message be found again. */
  metadata?: Record<string, string>;
}

export type SendResult =
  | { ok: true; messageId: string }
  /** `permanent`: the address can never receive it (marked undeliverable, not retried). */
  | { ok: false; permanent: boolean; reason: string; errorCode?: number; httpStatus?: number };

export interface EmailTransport {
  readonly name: string;
  send(message: EmailMessage): Promise<SendResult>;
  /**
   * Whether the provider already accepted the message queued as `outboxId`
   * (an earlier attempt that crashed or timed out after sending). Throws when
   * the provider cannot say; the worker then waits rather than risk a double.
   */
  findSent?(outboxId: string): Promise<{ messageId: string } | null>;
}
