import { AwsClient, type AwsClientOptions } from './client';
import { encodeRfc3986 } from './sigv4';

/**
 * API Gateway's management API for WebSocket connections (@connections), on the stage's callback URL
 * (https://<api>.execute-api.<region>.amazonaws.com/<stage>). A connection that is gone answers 410,
 * thrown as an error named "GoneException".
 */
export class ApiGatewayManagementClient {
  readonly client: AwsClient;

  constructor(options: AwsClientOptions & { readonly endpoint: string }) {
    this.client = new AwsClient({ signingName: 'execute-api', endpointId: 'APIGATEWAYMANAGEMENTAPI', hostPrefix: 'execute-api' }, options);
  }

  async postToConnection(input: { ConnectionId: string; Data: Uint8Array | string }): Promise<void> {
    await this.client.send({ operation: 'PostToConnection', method: 'POST', path: connectionPath(input.ConnectionId), body: input.Data });
  }

  async deleteConnection(input: { ConnectionId: string }): Promise<void> {
    await this.client.send({ operation: 'DeleteConnection', method: 'DELETE', path: connectionPath(input.ConnectionId) });
  }
}

const connectionPath = (id: string) => `/@connections/${encodeRfc3986(id)}`;
