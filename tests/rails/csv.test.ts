/**
 * Path 8 of issue 12, over HTTP through the download routes: every cell
 * quoted, anything a spreadsheet would run as a formula neutralised (OWASP
 * CSV Injection), UTF-8 with a BOM, and file names built from safe values
 * (RFC 6266), whatever the URL says.
 */
import { describe, expect, it } from "vitest";
import { type TestServer, serverForTests } from "../helpers/server";
import { fetchAs, railsWorkspace } from "./people";

let server: TestServer;
serverForTests((started) => (server = started), { pages: true });

const bom = "\uFEFF";

/** Splits RFC 4180 CSV where every cell is quoted; throws on any cell that is not. */
function quotedCells(csv: string): string[][] {
  const rows: string[][] = [];
  for (const line of csv.replace(/\r\n$/, "").split(/\r\n(?=")/)) {
    const cells: string[] = [];
    const cell = /"((?:[^"]|"")*)"(,|$)/gy;
    let match: RegExpExecArray | null;
    let consumed = 0;
    while (consumed < line.length && (match = cell.exec(line))) {
      cells.push((match[1] ?? "").replace(/""/g, '"'));
      consumed = cell.lastIndex;
    }
    if (consumed !== line.length) throw new Error(`Not every cell is quoted in: ${JSON.stringify(line)}`);
    rows.push(cells);
  }
  return rows;
}

const hostile = ["Acme;=1+41", '=HYPERLINK("http://evil.example","click")', "+1 555 0100", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "\n=1+1", "\uFF1D1+1", "  =2+2", 'Zoë Ñandú, "the" boss'];

describe("path 8: CSV downloads a spreadsheet reads as plain text", () => {
  it("records: every cell quoted, formulas defused, UTF-8 with BOM, a safe file name", async () => {
    const t = await railsWorkspace(server, "Csv Co", {});
    await server.deps.db
      .insertInto("contacts")
      .values(hostile.map((name) => ({ workspace_id: t.ws.id, owner_id: t.owner.membershipId, name, company: name })))
      .execute();
    const response = await fetchAs(server, t.owner.cookie, `/w/${t.ws.slug}/export/contacts`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const disposition = response.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith(bom)).toBe(true);
    const rows = quotedCells(text.slice(1));
    expect(rows[0]?.slice(0, 3)).toEqual(["Name", "Email", "Company"]);
    const names = rows.slice(1).map((r) => r[0] ?? "");
    expect(names).toHaveLength(hostile.length);
    for (const name of names) {
      // Nothing a spreadsheet could run: no cell starts with a formula trigger, even after leading blanks.
      expect(name).not.toMatch(/^\s*[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/);
    }
    // Starts with a letter: kept as it is; the quotes keep it one cell whatever separator the spreadsheet expects.
    expect(names).toContain("Acme;=1+41");
    expect(names).toContain('\'=HYPERLINK("http://evil.example","click")');
    expect(names).toContain("'-2+3");
    expect(names).toContain("'\t=1+1");
    expect(names).toContain("'  =2+2");
    expect(names).toContain('Zoë Ñandú, "the" boss');
  });

  it("audit log: the same encoding, and a file name from the workspace's real address, not the URL", async () => {
    const t = await railsWorkspace(server, "Audit Csv Co", {});
    await server.deps.db
      .insertInto("audit_events")
      .values({ workspace_id: t.ws.id, actor_user_id: t.owner.id, action: "department.created", target_type: "department", target_id: null, target_label: "=cmd|' /C calc'!A0" })
      .execute();
    const day = new Date().toISOString().slice(0, 10);
    const expected = `audit-log-${t.ws.slug}-${day}.csv`;

    const plain = await fetchAs(server, t.owner.cookie, `/w/${t.ws.slug}/settings/audit.csv`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-disposition")).toBe(`attachment; filename="${expected}"; filename*=UTF-8''${expected}`);
    // Read as bytes: fetch's text() would drop the byte order mark it is meant to find.
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await plain.arrayBuffer());
    expect(text.startsWith(bom)).toBe(true);
    const rows = quotedCells(text.slice(1));
    expect(rows.map((r) => r[8])).toContain("'=cmd|' /C calc'!A0");

    // A line break smuggled into the address: never a 500, never a header of the attacker's making.
    for (const path of [`/w/${t.ws.slug}%0D%0A/settings/audit.csv`, `/w/${t.ws.slug}%0D%0ASet-Cookie:%20x=1/settings/audit.csv`, `/w/${t.ws.slug.toUpperCase()}/settings/audit.csv`]) {
      const response = await fetchAs(server, t.owner.cookie, path);
      expect(response.status, path).not.toBe(500);
      expect(response.headers.get("set-cookie") ?? "", path).not.toContain("x=1");
      if (response.status === 200) expect(response.headers.get("content-disposition"), path).toBe(`attachment; filename="${expected}"; filename*=UTF-8''${expected}`);
      await response.arrayBuffer();
    }
  });
});
