/**
 * Services are free of the transport (issue 16): they neither set cookies nor
 * throw or import tRPC's errors; the tRPC edge (server/trpc/) does both.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

const serviceFiles = [...sources("server/services"), ...sources("server/auth"), "server/errors.ts"];

describe("services stay behind the tRPC edge", () => {
  it("no service sets a cookie or holds the response", () => {
    const offenders = serviceFiles.filter((file) => /\bsetCookie\(|ResponseControl|resHeaders/.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("no service imports tRPC or its context", () => {
    const offenders = serviceFiles.filter((file) => /from "@trpc\/|trpc\/context"/.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });
});
