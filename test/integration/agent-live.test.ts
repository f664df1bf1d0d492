import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { eventually, postChat, stack, ticketOfVisitor, unique } from './helpers';

/** An agent's console on the live socket: every frame it receives, in order. */
class LiveClient {
  readonly frames: any[] = [];
  /** When each frame arrived (ms since the epoch), by index. */
  readonly arrivals: number[] = [];
  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.arrivals.push(Date.now());
      this.frames.push(JSON.parse(data.toString()));
    });
  }

  static async open(): Promise<LiveClient> {
    const socket = new WebSocket(stack().info.agentLive);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new LiveClient(socket);
  }

  auth(token: string): void {
    this.socket.send(JSON.stringify({ action: 'auth', token }));
  }

  next(match: (f: any) => boolean, timeoutMs = 5000): Promise<any> {
    return eventually(async () => this.frames.find(match), timeoutMs, 'a frame on the live socket');
  }

  close(): void {
    this.socket.close();
  }
}

describe("the agents' live socket on the local stack", () => {
  it("an agent's open console hears of a visitor's new ticket within 2 s, and never of it with a bad token", async () => {
    const agent = await LiveClient.open();
    agent.auth(stack().agentOnlyToken);
    expect(await agent.next((f) => f.type === 'ready')).toEqual({ type: 'ready' });
    const outsider = await LiveClient.open();
    outsider.auth(stack().badTokens.forged);
    expect(await outsider.next((f) => f.type === 'error')).toMatchObject({ type: 'error' });

    const visitorId = unique('live');
    expect((await postChat(visitorId, unique('m'), 'Merhaba, iade nasıl yapılır?')).status).toBe(202);
    const ticket = await eventually(() => ticketOfVisitor(visitorId), 10_000, "the visitor's ticket");
    const pushed = await agent.next((f) => f.type === 'ticket' && f.ticketId === ticket.id, 10_000);
    expect(pushed).toEqual({ type: 'ticket', ticketId: ticket.id });
    // From the ticket's creation (the pipeline's write) to the console: the stream, the push, the socket.
    const arrivedAt = agent.arrivals[agent.frames.indexOf(pushed)]!;
    expect(arrivedAt - Date.parse(ticket.createdAt)).toBeLessThan(2_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(outsider.frames).toEqual([{ type: 'error', message: expect.any(String) }]);
    agent.close();
    outsider.close();
  });

  it('refuses expired tokens and tokens for another client, and a renewed token that fails stops the pushes', async () => {
    for (const token of [stack().badTokens.expired, stack().badTokens.wrongAudience]) {
      const client = await LiveClient.open();
      client.auth(token);
      expect(await client.next((f) => f.type === 'error')).toMatchObject({ type: 'error' });
      client.close();
    }
    const agent = await LiveClient.open();
    agent.auth(stack().agentOnlyToken);
    await agent.next((f) => f.type === 'ready');
    agent.auth(stack().badTokens.expired);
    await agent.next((f) => f.type === 'error');
    const visitorId = unique('live');
    await postChat(visitorId, unique('m'), 'Siparişim nerede?');
    const ticket = await eventually(() => ticketOfVisitor(visitorId), 10_000, "the visitor's ticket");
    await new Promise((r) => setTimeout(r, 1_000));
    expect(agent.frames.filter((f) => f.type === 'ticket' && f.ticketId === ticket.id)).toEqual([]);
    agent.close();
  });

  it('the console is told where the live socket is, and its Content-Security-Policy lets it connect there', async () => {
    const { info } = stack();
    const res = await fetch(`${info.web}/console/config.json`);
    expect(((await res.json()) as { liveUrl?: string }).liveUrl).toBe(info.agentLive);
    const page = await fetch(`${info.web}/console/`);
    expect(page.headers.get('content-security-policy')).toContain(info.agentLive);
  });
});
