/** What every vitest config shares: the package imports (#app/*, #server/*, …) resolved like tsconfig's paths. */
import path from "node:path";

const root = path.dirname(new URL(import.meta.url).pathname);
export const packageImports = { alias: [{ find: /^#(app|server|shared|db|emails)\//, replacement: `${root}/$1/` }] };
