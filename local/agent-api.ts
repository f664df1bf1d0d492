import { randomBytes } from 'node:crypto';

/**
 * What the agent API reads besides its bindings: the CSAT link signing key (AWS: a generated secret)
 * and the public base URL its links point at (AWS: the HTTP API's URL).
 */
export function agentApiEnv(apiPort: number): Record<string, string> {
  return {
    CSAT_SIGNING_KEY: randomBytes(32).toString('base64url'),
    PUBLIC_API_URL: `http://127.0.0.1:${apiPort}`,
  };
}
