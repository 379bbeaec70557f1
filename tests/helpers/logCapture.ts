/** A pino destination that keeps every line written to it, for tests that read the log. */
import { Writable } from "node:stream";
import type { DestinationStream } from "pino";

export interface LogLine {
  level: string;
  msg: string;
  requestId?: string;
  userId?: string;
  workspaceId?: string;
  status?: number;
  durationMs?: number;
  path?: string;
  method?: string;
  [key: string]: unknown;
}

export function captureLog(): { destination: DestinationStream; lines: string[]; json(): LogLine[] } {
  const lines: string[] = [];
  return {
    destination: new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        lines.push(...chunk.toString().split("\n").filter(Boolean));
        done();
      },
    }),
    lines,
    json: () => lines.map((l) => JSON.parse(l) as LogLine),
  };
}
