/**
 * Imported first by server/dev.ts (`npm run dev`): with NODE_ENV unset, the
 * development server is in development mode (stack traces in answers,
 * cookies without Secure). Runs before any other module is evaluated.
 */
if (!process.env.NODE_ENV) process.env.NODE_ENV = "development";

export {};
