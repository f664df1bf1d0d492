/** The yardstick of bench/cold-start.ts: a handler that imports nothing. */
export const handler = async () => ({ statusCode: 200, body: 'hello' });
