import { createServer } from 'node:net';
import { LocalStackError } from './errors';

/** A free TCP port on the loopback interface, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** True when a server could not start because its port was taken. */
export function isPortClash(e: unknown): boolean {
  const err = e as NodeJS.ErrnoException | undefined;
  return err?.code === 'EADDRINUSE' || /EADDRINUSE|address already in use|failed to bind/i.test(err?.message ?? '');
}

/**
 * Starts a server that must be told its port up front (DynamoDB Local, the SQS and S3 stand-ins). A
 * fixed port is used as given; for 0 a free one is chosen, and chosen again when something took it
 * between the choice and the server's bind (other processes open ephemeral ports all the time).
 */
export async function startOnPort<T>(wanted: number, start: (port: number) => Promise<T>, attempts = 5): Promise<T> {
  if (wanted !== 0) return start(wanted);
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (e) {
      if (attempt >= attempts || !isPortClash(e)) throw e;
    }
  }
}

/** Fails with a clear line when a fixed port is taken. */
export function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new LocalStackError(
          e.code === 'EADDRINUSE'
            ? `port ${port} (${what}) is in use: stop what uses it or choose another port (see destek start --help)`
            : `cannot listen on port ${port} (${what}): ${e.message}`,
        ),
      ),
    );
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve()));
  });
}

/** Resolves once something accepts HTTP on the URL, or fails after the timeout. */
export async function waitForHttp(url: string, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      if (Date.now() > until) throw new LocalStackError(`${what} did not start within ${timeoutMs / 1000} s at ${url}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
