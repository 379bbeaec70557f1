/**
 * Work the realtime bench keeps out of its own process, so that process's memory before the sockets
 * connect is only what the in-process server needs (decision 53): seeding the Admins and their sessions
 * (10,000 sessions' worth of garbage), and the bare fan-out floor (10,000 sockets of its own). RSS that a
 * process has once grown to mostly stays, so memory freed by an earlier phase made the later phase's
 * "RSS per socket" come out low, even negative. Driven over IPC by bench/realtime/index.ts.
 */
import { z } from "zod";
import { type BareFanout, startBareFanout } from "./bare";
import { startInProcess } from "./inprocess";
import { seedAdmins } from "./seed";

const command = z.discriminatedUnion("type", [
  z.object({ type: z.literal("seed"), databaseUrl: z.string(), admins: z.array(z.number().int().positive()) }),
  z.object({ type: z.literal("bare-start") }),
  z.object({ type: z.literal("bare-publish"), invitationId: z.string() }),
  z.object({ type: z.literal("bare-close") }),
]);

let bare: BareFanout | null = null;

function reply(message: unknown): Promise<void> {
  return new Promise((resolve, reject) => process.send?.(message, (error: Error | null) => (error ? reject(error) : resolve())));
}

process.on("message", (raw) => {
  void (async () => {
    const message = command.parse(raw);
    if (message.type === "seed") {
      const seeder = await startInProcess(message.databaseUrl, false);
      try {
        const workspaces = [];
        for (const admins of message.admins) workspaces.push(await seedAdmins(seeder.deps, admins));
        await reply({ type: "seeded", workspaces });
      } finally {
        await seeder.close();
      }
    } else if (message.type === "bare-start") {
      bare = await startBareFanout();
      await reply({ type: "bare-ready", url: bare.url, origin: bare.origin });
    } else if (message.type === "bare-publish") {
      if (!bare) throw new Error("the bare fan-out is not started");
      await reply({ type: "bare-published", at: bare.publish(message.invitationId) });
    } else {
      await bare?.close();
      await reply({ type: "bare-closed" });
      process.disconnect();
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
