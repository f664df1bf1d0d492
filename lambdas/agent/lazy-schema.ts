import * as z from 'zod';

/**
 * A schema built on its first use. Building a full-zod schema attaches its methods to every node, so
 * the agent API's ~40 request schemas cost more than a cold start is allowed at import; a cold start
 * serves one route, which builds its own. z.lazy parses, infers and renders (OpenAPI) as the schema.
 */
export const lazySchema = <S extends z.ZodType>(build: () => S): z.ZodLazy<S> => {
  let built: S | undefined;
  return z.lazy(() => (built ??= build()));
};
