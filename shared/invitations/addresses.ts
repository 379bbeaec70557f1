/** Pure helpers shared by the invite form in the browser and the server (no server-only imports here). */

export const maxInvitationsPerBatch = 100;
export const maxPersonalMessageLength = 1000;
/** A CSV import: people per file, and the file's size in characters. */
export const maxCsvPeople = 500;
export const maxCsvCharacters = 400_000;

/**
 * Splits what a person typed or pasted into addresses: commas, semicolons,
 * new lines and spaces all separate; "Name <a@b.com>" keeps the address.
 * Shared with the invite form so the page shows the same split.
 */
export function splitAddresses(entries: string[]): string[] {
  const out: string[] = [];
  for (const entry of entries) {
    for (const piece of entry.split(/[,;\n\r\t]+/)) {
      const angle = /<([^<>]*)>/.exec(piece);
      const value = (angle ? (angle[1] ?? "") : piece).trim();
      if (value) out.push(...value.split(/\s+/).filter(Boolean));
    }
  }
  return out;
}
