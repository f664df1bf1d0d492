import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startDynamoDbLocal } from '#local/dynamodb';
import { isPortClash, startOnPort } from '#local/net';

const servers: Server[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function listen(port: number): Promise<Server> {
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      servers.push(server);
      resolve(server);
    });
  });
}
const portOf = (s: Server) => (s.address() as { port: number }).port;

describe('starting a local server on a free port', () => {
  it('chooses again when the chosen port was taken before the server could bind it', async () => {
    const taken = await listen(0);
    const tried: number[] = [];
    // The first start meets a port another process took in the meantime: a real EADDRINUSE.
    const server = await startOnPort(0, (port) => listen(tried.length === 0 ? (tried.push(portOf(taken)), portOf(taken)) : (tried.push(port), port)));
    expect(tried).toHaveLength(2);
    expect(portOf(server)).toBe(tried[1]);
    expect(portOf(server)).not.toBe(portOf(taken));
  });

  it('uses a fixed port as given and reports its clash instead of moving elsewhere', async () => {
    const taken = await listen(0);
    const error = await startOnPort(portOf(taken), listen).catch((e: unknown) => e);
    expect(isPortClash(error)).toBe(true);
  });

  it('does not retry a failure that is not a port clash', async () => {
    let calls = 0;
    const error = await startOnPort(0, async () => {
      calls++;
      throw new Error('jar missing');
    }).catch((e: Error) => e);
    expect((error as Error).message).toBe('jar missing');
    expect(calls).toBe(1);
  });

  it('gives up after five clashes with the last one', async () => {
    const taken = await listen(0);
    let calls = 0;
    const error = await startOnPort(0, () => {
      calls++;
      return listen(portOf(taken));
    }).catch((e: unknown) => e);
    expect(isPortClash(error)).toBe(true);
    expect(calls).toBe(5);
  });

  it("names DynamoDB Local's bind failure so that it counts as a clash", async () => {
    const taken = await listen(0);
    const error = await startDynamoDbLocal(portOf(taken)).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/DynamoDB Local exited/);
    expect(isPortClash(error)).toBe(true);
  }, 60_000);
});
