import { ApiGatewayManagementClient } from '#adapters/aws/api-gateway-management';
import type { ConnectionPusher } from '#channels/chat/push-sender';

const gone = (e: unknown) => (e as Error).name === 'GoneException' || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 410;

/**
 * The one place the @connections (API Gateway management) client is made. The endpoint is the
 * stage's callback URL from configuration (CHAT_CALLBACK_URL): execute-api in AWS, the local
 * WebSocket gateway locally.
 */
export function createConnectionPusher(
  endpoint: string,
  env: NodeJS.ProcessEnv = process.env,
  client = new ApiGatewayManagementClient({ endpoint, env }),
): ConnectionPusher {
  return {
    async post(connectionId, data) {
      try {
        await client.postToConnection({ ConnectionId: connectionId, Data: data });
        return 'sent';
      } catch (e) {
        if (gone(e)) return 'gone';
        throw e;
      }
    },
    async close(connectionId) {
      try {
        await client.deleteConnection({ ConnectionId: connectionId });
      } catch (e) {
        if (!gone(e)) throw e;
      }
    },
  };
}
