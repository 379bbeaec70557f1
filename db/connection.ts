import { findRunningEmbeddedPostgres, startEmbeddedPostgres } from "./embedded";

export interface DatabaseLocation {
  url: string;
  /** Human description for start-up messages. */
  description: string;
  /** Stops what this process started (the embedded database), or nothing. */
  release(): Promise<void>;
}

function describe(url: string): string {
  try {
    const parsed = new URL(url);
    return `PostgreSQL at ${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "PostgreSQL (DATABASE_URL)";
  }
}

/**
 * For the server: DATABASE_URL when set, otherwise a real embedded
 * PostgreSQL under .data/ that this process starts and owns (a second
 * server on the same folder is refused).
 */
export async function openServerDatabase(databaseUrl: string | undefined): Promise<DatabaseLocation> {
  if (databaseUrl) return { url: databaseUrl, description: describe(databaseUrl), release: async () => {} };
  const embedded = await startEmbeddedPostgres();
  return {
    url: embedded.url,
    description: `embedded PostgreSQL on 127.0.0.1:${embedded.port} (data in .data/postgres)`,
    release: () => embedded.stop(),
  };
}

/**
 * For scripts (migrate, seed): DATABASE_URL, else the embedded database a
 * running server owns, else start the embedded database for the script's
 * own duration.
 */
export async function openScriptDatabase(databaseUrl: string | undefined): Promise<DatabaseLocation> {
  if (databaseUrl) return { url: databaseUrl, description: describe(databaseUrl), release: async () => {} };
  const running = await findRunningEmbeddedPostgres();
  if (running) {
    return { url: running, description: "the embedded PostgreSQL of the running server", release: async () => {} };
  }
  return openServerDatabase(undefined);
}
