/**
 * What the agent API reads besides its bindings: the public base URL its CSAT links point at (AWS: the
 * HTTP API's URL).
 */
export function agentApiEnv(apiPort: number): Record<string, string> {
  return {
    PUBLIC_API_URL: `http://127.0.0.1:${apiPort}`,
  };
}
