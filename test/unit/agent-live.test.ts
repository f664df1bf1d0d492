import { describe, expect, it } from 'vitest';
import { type AgentConnections, type ChangeRecord, type LivePusher, makeAgentPush, makeAgentSocket, type TokenCheck, type VerifiedAgent } from '#agent/live';

/** The connections as a map (the table's adapter is exercised by the integration test). */
class Connections implements AgentConnections {
  readonly items = new Map<string, VerifiedAgent>();
  async save(id: string, agent: VerifiedAgent) {
    this.items.set(id, agent);
  }
  async remove(id: string) {
    this.items.delete(id);
  }
  async list() {
    return [...this.items].map(([connectionId, a]) => ({ connectionId, expiresAt: a.expiresAt }));
  }
}

/** Records what each connection was sent; some connections are gone (410), some fail. */
class Pusher implements LivePusher {
  readonly sent: [string, unknown][] = [];
  readonly closed: string[] = [];
  constructor(
    private readonly gone = new Set<string>(),
    private readonly failing = new Set<string>(),
  ) {}
  async post(id: string, data: string) {
    if (this.failing.has(id)) throw new Error('throttled');
    if (this.gone.has(id)) return 'gone' as const;
    this.sent.push([id, JSON.parse(data)]);
    return 'sent' as const;
  }
  async close(id: string) {
    this.closed.push(id);
  }
}

const NOW = 1_800_000_000;
const agent = (expiresAt = NOW + 3600): VerifiedAgent => ({ agentId: 'a1', expiresAt });
const good: TokenCheck = { ok: true, agent: agent() };
const event = (routeKey: string, body?: string) => ({ requestContext: { routeKey, connectionId: 'c1' }, ...(body === undefined ? {} : { body }) });
const records = (...tickets: (string | undefined)[]): ChangeRecord[] => tickets.map((ticketId, i) => ({ sequenceNumber: String(100 + i), ticketId }));

describe("the agents' live socket", () => {
  it('keeps a connection whose first frame carries a good token, and answers ready', async () => {
    const connections = new Connections();
    const socket = makeAgentSocket({ verify: async (t) => (t === 'good' ? good : { ok: false, refusal: 'invalid' }), connections });
    expect(await socket(event('$connect'))).toEqual({ statusCode: 200 });
    expect(connections.items.size).toBe(0);
    const ready = await socket(event('auth', JSON.stringify({ action: 'auth', token: 'good' })));
    expect(JSON.parse(ready.body!)).toEqual({ type: 'ready' });
    expect(connections.items.get('c1')).toEqual(agent());
  });

  it('answers a bad token with an error and forgets the connection, even one a good token authorised before', async () => {
    const connections = new Connections();
    await connections.save('c1', agent());
    const socket = makeAgentSocket({ verify: async () => ({ ok: false, refusal: 'expired' }), connections });
    const answer = await socket(event('auth', JSON.stringify({ action: 'auth', token: 'stale' })));
    expect(JSON.parse(answer.body!)).toMatchObject({ type: 'error', message: expect.stringContaining('expired') });
    expect(connections.items.size).toBe(0);
  });

  it('answers a frame without a token, or not JSON, with an error without asking the verifier', async () => {
    let asked = 0;
    const socket = makeAgentSocket({ verify: async () => (asked++, good), connections: new Connections() });
    for (const body of ['{"action":"auth"}', 'not json', JSON.stringify({ action: 'auth', token: 'x'.repeat(20_000) })]) {
      expect(JSON.parse((await socket(event('auth', body))).body!)).toMatchObject({ type: 'error' });
    }
    expect(JSON.parse((await socket(event('$default', '{"action":"subscribe"}'))).body!)).toMatchObject({ type: 'error' });
    expect(asked).toBe(0);
  });
});

describe('pushing ticket changes to agents', () => {
  it('sends each changed ticket once to every live connection and deletes gone ones (410); an expired one is closed and gets nothing', async () => {
    const connections = new Connections();
    await connections.save('live1', agent());
    await connections.save('live2', agent());
    await connections.save('gone', agent());
    await connections.save('expired', agent(NOW - 1));
    const pusher = new Pusher(new Set(['gone']));
    const push = makeAgentPush({ connections, pusher, now: () => NOW });
    // A ticket item and its new interaction, a second ticket, and a record that is no ticket's.
    const result = await push(records('10234', '10234', '10235', undefined));
    expect(result).toEqual({ failedSequenceNumbers: [], sent: 4, gone: 1, expired: 1 });
    expect(pusher.sent.sort()).toEqual(
      [
        ['live1', { type: 'ticket', ticketId: '10234' }],
        ['live1', { type: 'ticket', ticketId: '10235' }],
        ['live2', { type: 'ticket', ticketId: '10234' }],
        ['live2', { type: 'ticket', ticketId: '10235' }],
      ].sort(),
    );
    expect([...connections.items.keys()].sort()).toEqual(['live1', 'live2']);
    expect(pusher.closed).toEqual(['expired']);
  });

  it('run twice on the same batch, pushes the same frames again: harmless, the console only reloads the ticket once more', async () => {
    const connections = new Connections();
    await connections.save('live1', agent());
    const pusher = new Pusher();
    const push = makeAgentPush({ connections, pusher, now: () => NOW });
    const batch = records('10234');
    expect(await push(batch)).toEqual(await push(batch));
    expect(pusher.sent).toEqual([
      ['live1', { type: 'ticket', ticketId: '10234' }],
      ['live1', { type: 'ticket', ticketId: '10234' }],
    ]);
  });

  it("reports the records of a ticket whose post failed as the batch's failures, and only those", async () => {
    const connections = new Connections();
    await connections.save('ok', agent());
    await connections.save('flaky', agent());
    const failures: string[] = [];
    const flaky = new Pusher(new Set(), new Set(['flaky']));
    const push = makeAgentPush({ connections, pusher: flaky, now: () => NOW, onPostFailure: (id) => failures.push(id) });
    const result = await push(records('10234', '10235', '10234'));
    expect(result.failedSequenceNumbers).toEqual(['100', '101', '102']);
    expect(failures).toEqual(['flaky', 'flaky']);
    expect(flaky.sent).toHaveLength(2);
  });

  it('sends one frame without a ticket id when a batch changes many tickets: the console reloads its view', async () => {
    const connections = new Connections();
    await connections.save('live1', agent());
    const pusher = new Pusher();
    const push = makeAgentPush({ connections, pusher, now: () => NOW, maxTicketFrames: 2 });
    await push(records('1', '2', '3'));
    expect(pusher.sent).toEqual([['live1', { type: 'ticket' }]]);
  });

  it('reads no connections for a batch that changed no ticket', async () => {
    let read = 0;
    const connections = { list: async () => (read++, [{ connectionId: 'c', expiresAt: NOW + 60 }]), remove: async () => {} };
    expect(await makeAgentPush({ connections, pusher: new Pusher() })(records(undefined))).toEqual({ failedSequenceNumbers: [], sent: 0, gone: 0, expired: 0 });
    expect(read).toBe(0);
  });
});
