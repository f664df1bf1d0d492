import { ApiGatewayManagementApiClient, DeleteConnectionCommand, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { ConnectionPusher } from '#channels/chat/push-sender';
import { traced } from '#observability';

/**
 * The one place the @connections (API Gateway management) client is made. The endpoint is the
 * stage's callback URL from configuration (CHAT_CALLBACK_URL): execute-api in AWS, the local
 * WebSocket gateway locally.
 */
export function createConnectionPusher(endpoint: string, client = traced(new ApiGatewayManagementApiClient({ endpoint }))): ConnectionPusher {
  return {
    async post(connectionId, data) {
      try {
        await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: new TextEncoder().encode(data) }));
        return 'sent';
      } catch (e) {
        if (e instanceof GoneException || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 410) return 'gone';
        throw e;
      }
    },
    async close(connectionId) {
      try {
        await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
      } catch (e) {
        if (!(e instanceof GoneException)) throw e;
      }
    },
  };
}
