/**
 * Imported first by server/index.ts (`npm start`): with NODE_ENV unset, the
 * server runs in production mode. It has to run before any other module is
 * evaluated, because React and tRPC read NODE_ENV as they load.
 */
if (!process.env.NODE_ENV) process.env.NODE_ENV = "production";

export {};
