import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { describe, expect, it } from 'vitest';
import { createConnectionPusher } from '#adapters/connections-client';
import { LOCAL_CREDENTIALS } from '#local/storage';
import { ChatClient, chatStore, visitorToken } from './chat-helpers';
import { eventually, stack } from './helpers';

const client = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
  new ApiGatewayManagementApiClient({ region: stack().info.region, endpoint: stack().info.websocketCallback, credentials });

const frame = (text: string) => new TextEncoder().encode(JSON.stringify({ type: 'message', id: 'x', kind: 'agent_reply', text, at: new Date().toISOString() }));

describe('the local @connections endpoint checks SigV4 signatures as AWS does', () => {
  it('refuses unsigned and badly signed calls (403) and pushes nothing; a call signed with the local key pair gets through', async () => {
    const token = await visitorToken();
    const chat = await ChatClient.open(token.token);
    const [connectionId] = await eventually(
      async () => {
        const ids = await chatStore().listConnections(token.visitorId);
        return ids.length ? ids : undefined;
      },
      5000,
      'the connection',
    );
    const url = `${stack().info.websocketCallback}/@connections/${encodeURIComponent(connectionId!)}`;

    // Unsigned: what any process (or a web page) on the machine could send.
    for (const method of ['POST', 'GET', 'DELETE']) {
      const r = await fetch(url, {
        method,
        ...(method === 'POST' ? { body: JSON.stringify({ type: 'message', text: 'forged' }), headers: { 'content-type': 'text/plain' } } : {}),
      });
      expect({ method, status: r.status }).toEqual({ method, status: 403 });
      expect(r.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    }
    // Signed, but not with the account's secret.
    await expect(
      client({ accessKeyId: LOCAL_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' }).send(
        new PostToConnectionCommand({ ConnectionId: connectionId, Data: frame('forged') }),
      ),
    ).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    await expect(
      client({ accessKeyId: 'someone-else', secretAccessKey: LOCAL_CREDENTIALS.secretAccessKey }).send(
        new PostToConnectionCommand({ ConnectionId: connectionId, Data: frame('forged') }),
      ),
    ).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });

    // The sender's way: Destek's @connections client, signed with the function's (the local) key pair.
    const pusher = createConnectionPusher(stack().info.websocketCallback, {
      AWS_REGION: stack().info.region,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    });
    expect(await pusher.post(connectionId!, new TextDecoder().decode(frame('gerçek yanıt')))).toBe('sent');
    const got = await chat.next((f) => f.type === 'message');
    expect(got.text).toBe('gerçek yanıt');
    expect(chat.frames.filter((f) => f.text === 'forged')).toEqual([]);
    await chat.close();
    // A closed connection answers 410, which the pusher reports as gone rather than failing the send.
    await eventually(async () => ((await pusher.post(connectionId!, '{}')) === 'gone' ? true : undefined), 5000, 'the connection gone');
  });
});
