/**
 * zod/mini, the runtime's schemas' zod: the full zod builds dozens of methods onto every schema at
 * import, a cost every cold start pays for each schema. zod/mini starts without messages ("Invalid
 * input"); this gives it zod's English ones, the messages clients and dead-letter readers see.
 * Every module with zod/mini schemas imports it (the agent API keeps full zod for its OpenAPI).
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());
