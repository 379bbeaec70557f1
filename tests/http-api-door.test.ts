/**
 * The API door (server/http/apiDoor.ts): /trpc/* answered without Express,
 * with the same protections, a JSON answer sent whole with its length, and
 * the client address worked out exactly as Express's `req.ip` does.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress } from "#server/http/clientAddress";
import { createUser, sessionCookie } from "./helpers/fixtures";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      })
      .on("error", reject);
  });
}

describe("the API door", () => {
  it("sends a JSON answer whole, with its length, not in chunks", async () => {
    const user = await createUser(server.deps);
    const cookie = await sessionCookie(server.deps, user);
    const answer = await get(`${server.url}/trpc/auth.me`, { cookie });
    expect(answer.status).toBe(200);
    expect(answer.headers["transfer-encoding"]).toBeUndefined();
    expect(Number(answer.headers["content-length"])).toBe(Buffer.byteLength(answer.body));
    expect(answer.headers["content-type"]).toMatch(/^application\/json/);
    expect(answer.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(answer.body)).toMatchObject({ result: { data: { id: user.id } } });
  });

  it("answers an error the same way, with its status and length", async () => {
    const answer = await get(`${server.url}/trpc/no.such.procedure`);
    expect(answer.status).toBe(404);
    expect(answer.headers["transfer-encoding"]).toBeUndefined();
    expect(Number(answer.headers["content-length"])).toBe(Buffer.byteLength(answer.body));
    expect(JSON.parse(answer.body)).toMatchObject({ error: { data: { httpStatus: 404 } } });
  });
});

describe("the client address without Express", () => {
  it("is what Express's req.ip says, for any number of trusted hops and any X-Forwarded-For", async () => {
    const cases: Array<string | undefined> = [undefined, "", "203.0.113.7", "198.51.100.1, 203.0.113.7", " 198.51.100.1 ,, 203.0.113.7 , 10.0.0.1", "2001:db8::1, 10.0.0.2", "junk"];
    for (const hops of [0, 1, 2, 3]) {
      const app = express();
      app.set("trust proxy", hops);
      app.get("/", (req, res) => {
        res.json({ express: req.ip ?? null, ours: clientAddress(req, hops) ?? null });
      });
      const listener = http.createServer(app);
      await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
      const port = (listener.address() as AddressInfo).port;
      try {
        for (const forwarded of cases) {
          const answer = await get(`http://127.0.0.1:${port}/`, forwarded === undefined ? {} : { "x-forwarded-for": forwarded });
          const seen = JSON.parse(answer.body) as { express: string | null; ours: string | null };
          expect(seen.ours, `hops ${hops}, X-Forwarded-For ${JSON.stringify(forwarded)}`).toBe(seen.express);
        }
      } finally {
        await new Promise<void>((resolve) => listener.close(() => resolve()));
      }
    }
  });
});
