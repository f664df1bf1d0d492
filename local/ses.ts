import { createServer, type IncomingMessage, type Server } from 'node:http';
import sesLocal from 'aws-ses-v2-local';
import { freePort } from './net';

// aws-ses-v2-local is CommonJS with a default export; under ESM it arrives as { default }.
const startSesServer = ((sesLocal as unknown as { default?: typeof sesLocal }).default ?? sesLocal) as typeof sesLocal;

/** Header lines of raw MIME (up to the first blank line), unfolded. */
export function rawHeaders(raw: Buffer): { name: string; value: string }[] {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  return block.split(/\r?\n/).flatMap((line) => {
    const i = line.indexOf(':');
    return i > 0 ? [{ name: line.slice(0, i).trim(), value: line.slice(i + 1).trim() }] : [];
  });
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

/**
 * aws-ses-v2-local (SES's v2 API; sent mail at GET /store), behind a thin front that keeps what it
 * drops for raw sends: the headers we wrote (Message-ID, In-Reply-To, References, Auto-Submitted…)
 * and the message tags (which SES publishes with its events).
 * Every request goes through unchanged; /store answers each raw mail with its `headers` and `tags`.
 */
export async function startSes(wantedPort: number): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  // The upstream server must be given a port and cannot report a bind failure (it has no error
  // listener); it starts the moment its port is chosen, so another process has only milliseconds to take it.
  const upstreamPort = await freePort();
  const upstream = await startSesServer({ host: '127.0.0.1', port: upstreamPort });
  const headersById = new Map<string, { name: string; value: string }[]>();
  const tagsById = new Map<string, Record<string, string>>();
  const front: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const out = await fetch(`http://127.0.0.1:${upstreamPort}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers: Object.fromEntries(
          Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && !['host', 'content-length', 'connection', 'transfer-encoding'].includes(k)),
        ) as Record<string, string>,
        ...(body.length ? { body } : {}),
      });
      let answer = Buffer.from(await out.arrayBuffer());
      const raw = req.method === 'POST' && body.length ? rawData(body) : undefined;
      if (raw && out.ok) {
        const id = (JSON.parse(answer.toString('utf8')) as { MessageId?: string }).MessageId;
        if (id) headersById.set(id, rawHeaders(raw));
        if (id) tagsById.set(id, emailTags(body));
      }
      if (req.method === 'GET' && req.url?.startsWith('/store') && out.ok) {
        const store = JSON.parse(answer.toString('utf8')) as { emails: { messageId: string; headers?: unknown; tags?: unknown }[] };
        for (const e of store.emails) {
          e.headers ??= headersById.get(e.messageId);
          e.tags ??= tagsById.get(e.messageId) ?? {};
        }
        answer = Buffer.from(JSON.stringify(store));
      }
      res.writeHead(out.status, { 'content-type': out.headers.get('content-type') ?? 'application/json' });
      res.end(answer);
    })().catch((e: Error) => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `SES stand-in: ${e.message}` }));
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      front.once('error', reject);
      front.listen(wantedPort, '127.0.0.1', () => resolve());
    });
  } catch (e) {
    await new Promise<void>((r) => upstream.close(() => r()));
    throw e;
  }
  const port = (front.address() as { port: number }).port;
  const close = (s: Server) => {
    s.closeAllConnections();
    return new Promise<void>((r) => s.close(() => r()));
  };
  return { endpoint: `http://127.0.0.1:${port}`, stop: async () => void (await Promise.all([close(front), close(upstream)])) };
}

/** The message tags of a v2 SendEmail, by name. */
function emailTags(body: Buffer): Record<string, string> {
  const tags = (JSON.parse(body.toString('utf8')) as { EmailTags?: { Name: string; Value: string }[] }).EmailTags ?? [];
  return Object.fromEntries(tags.map((t) => [t.Name, t.Value]));
}

/** The raw MIME of a v2 SendEmail with Content.Raw, if the body is one. */
function rawData(body: Buffer): Buffer | undefined {
  try {
    const data = (JSON.parse(body.toString('utf8')) as { Content?: { Raw?: { Data?: string } } }).Content?.Raw?.Data;
    return data ? Buffer.from(data, 'base64') : undefined;
  } catch {
    return undefined;
  }
}
