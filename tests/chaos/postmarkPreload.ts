/**
 * Loaded with `--import` into a spawned server process: routes that
 * process's Postmark calls to the shared fake (POSTMARK_FAKE_DIR).
 */
import { setupServer } from "msw/node";
import { PostmarkFake } from "./postmarkFake";

const dir = process.env.POSTMARK_FAKE_DIR;
if (dir) {
  setupServer(...new PostmarkFake(dir).handlers()).listen({ onUnhandledRequest: "bypass" });
}
