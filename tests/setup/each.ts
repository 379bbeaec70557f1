/**
 * Runs in every test file: an unexpected console.error fails the test
 * (expected failures are logged through the app's logger, which tests
 * silence), as Epic Stack does.
 */
import { afterEach } from "vitest";

const originalError = console.error;
let errors: unknown[][] = [];
console.error = (...args: unknown[]) => {
  errors.push(args);
  originalError(...args);
};

afterEach(() => {
  const seen = errors;
  errors = [];
  if (seen.length > 0) {
    throw new Error(`console.error was called during the test:\n${seen.map((a) => a.map(String).join(" ")).join("\n")}`);
  }
});
