// Migrations are frozen in time: they take Kysely<any>, not the live Database type.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { type Kysely, sql } from "kysely";

/**
 * The Postgres Socket.IO adapter passes messages between server processes
 * with NOTIFY; a message over NOTIFY's 8000-byte limit is stored here and
 * only its id is notified. The adapter deletes rows older than 30 seconds.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("socket_io_attachments")
    .addColumn("id", "bigserial", (c) => c.unique())
    .addColumn("created_at", "timestamptz", (c) => c.defaultTo(sql`now()`))
    .addColumn("payload", "bytea")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("socket_io_attachments").execute();
}
