import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface RecordingServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Every request, in arrival order. */
  readonly received: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A local HTTP endpoint that keeps every request and answers as `answer` says: a stand-in for a
 * service endpoint in tests of one client, where no local server of the service exists.
 */
export async function startRecordingServer(
  answer: (req: RecordedRequest) => { status: number; headers?: Record<string, string>; body?: string },
): Promise<RecordingServer> {
  const received: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      received.push(r);
      const a = answer(r);
      res.writeHead(a.status, a.headers).end(a.body ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
