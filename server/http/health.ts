/**
 * For load balancers and orchestrators:
 *   /healthz  the process is up and answering (200).
 *   /readyz   it should get traffic: the database answers and the server is
 *             not draining (200), else 503 with the reason.
 * Both sit before the origin guard (they change nothing) and log at debug.
 */
import express from "express";
import { type Kysely, sql } from "kysely";
import type { Database } from "#db/schema";

export interface Readiness {
  /** True from SIGTERM on: traffic should go elsewhere while requests in flight finish. */
  draining(): boolean;
}

const readinessTimeoutMs = 2_000;

async function databaseAnswers(db: Kysely<Database>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), readinessTimeoutMs);
    });
    const query = sql`select 1`.execute(db).then(
      () => true,
      () => false,
    );
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(db: Kysely<Database>, readiness: Readiness): express.Router {
  const router = express.Router();
  const noStore = (res: express.Response) => res.setHeader("Cache-Control", "no-store");
  router.get("/healthz", (_req, res) => {
    noStore(res);
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    noStore(res);
    if (readiness.draining()) {
      res.status(503).json({ status: "draining" });
      return;
    }
    if (!(await databaseAnswers(db))) {
      res.status(503).json({ status: "database unavailable" });
      return;
    }
    res.json({ status: "ready" });
  });
  return router;
}
