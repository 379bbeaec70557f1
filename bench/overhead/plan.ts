/**
 * Captured statements (server/logging/sqlCapture.ts) turned into a replay
 * plan for the bare server: statements outside transactions that overlapped
 * in time run together, a transaction runs on one connection in order.
 */
import { z } from "zod";
import type { CapturedStatement } from "#server/logging/sqlCapture";

const statementSchema = z.object({ text: z.string(), values: z.array(z.unknown()) });
const stepSchema = z.object({ kind: z.enum(["parallel", "transaction"]), statements: z.array(statementSchema) });
export const planSchema = z.record(z.string(), z.array(z.array(stepSchema)));
export type Step = z.infer<typeof stepSchema>;
export type Plan = Step[];

const isBegin = (text: string) => /^\s*(begin|start transaction)\b/i.test(text);
const isEnd = (text: string) => /^\s*(commit|rollback)\b/i.test(text);

export function planFrom(captured: CapturedStatement[]): Plan {
  const ordered = [...captured].sort((a, b) => a.startedMs - b.startedMs);
  const plan: Plan = [];
  const openTransactions = new Map<number, Step>();
  let wave: { step: Step; endsMs: number } | null = null;
  for (const s of ordered) {
    const statement = { text: s.text, values: s.values };
    const open = openTransactions.get(s.client);
    if (open) {
      open.statements.push(statement);
      if (isEnd(s.text)) openTransactions.delete(s.client);
      continue;
    }
    if (isBegin(s.text)) {
      const step: Step = { kind: "transaction", statements: [statement] };
      openTransactions.set(s.client, step);
      plan.push(step);
      wave = null;
      continue;
    }
    if (wave && s.startedMs < wave.endsMs) {
      wave.step.statements.push(statement);
      wave.endsMs = Math.max(wave.endsMs, s.endedMs);
    } else {
      wave = { step: { kind: "parallel", statements: [statement] }, endsMs: s.endedMs };
      plan.push(wave.step);
    }
  }
  return plan;
}

/** Statements sent to PostgreSQL for one call (BEGIN and COMMIT count: each is a round trip). */
export function statementCount(plan: Plan): number {
  return plan.reduce((n, step) => n + step.statements.length, 0);
}
