/**
 * Every form page answers in one shape (decision 40): a route with an
 * `action` calls the API and answers through app/lib/formAnswer.server.ts
 * (`callForm`, then `refused` / `answered` / a redirect), never by building
 * its own `json({ error })`, `{ formError, appCode }` or `{ message }`.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const routesDir = "app/routes";
const routes = readdirSync(routesDir)
  .filter((name) => /\.tsx?$/.test(name))
  .map((name) => ({ file: path.join(routesDir, name), source: readFileSync(path.join(routesDir, name), "utf8") }));
const withAction = routes.filter((route) => /export (async )?function action\b|export const action\b/.test(route.source));

/** The action's own text: from its declaration to the first closing brace at the start of a line. */
function actionBody(source: string): string {
  const start = source.search(/export (async )?function action\b|export const action\b/);
  const end = source.indexOf("\n}\n", start);
  return source.slice(start, end === -1 ? undefined : end);
}

describe("form pages answer in one shape", () => {
  it("finds the routes with an action", () => {
    expect(withAction.map((route) => path.basename(route.file))).toEqual(expect.arrayContaining(["sign-in.tsx", "account.password.tsx", "account.sessions.tsx", "w.$slug.settings.billing.tsx"]));
  });

  it("every route with an action answers through app/lib/formAnswer.server.ts", () => {
    const offenders = withAction.filter((route) => !route.source.includes('from "../lib/formAnswer.server"')).map((route) => route.file);
    expect(offenders).toEqual([]);
  });

  it("no action builds its own answer or calls the API another way", () => {
    const offenders = withAction.filter((route) => /\bjson\s*[(<]|\battempt\(|refusalInit/.test(actionBody(route.source))).map((route) => route.file);
    expect(offenders).toEqual([]);
  });

  it("every form page passes its action's Retry-After on to the page", () => {
    const pages = withAction.filter((route) => /export default function/.test(route.source));
    const offenders = pages.filter((route) => !/export const headers = passRetryAfter;/.test(route.source)).map((route) => route.file);
    expect(offenders).toEqual([]);
  });

  it("no form page reads an answer by its own field names", () => {
    const offenders = withAction.filter((route) => /\bformError\b|\.appCode\b|\.fieldErrors\?\./.test(route.source)).map((route) => route.file);
    expect(offenders).toEqual([]);
  });
});
