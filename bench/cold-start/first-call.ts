/**
 * Import + first call: what a Lambda instance's first request costs, so that work moved from the
 * import to the first request is not counted as saved. Starts the local stack and replaces every
 * function's instances with a fresh process per invocation (first-call.mjs: the deployed environment
 * and NODE_OPTIONS, import, one handler call), then drives real traffic through it: a chat visitor's
 * token and first message, an e-mail, a WhatsApp message, an agent listing tickets and replying. Each
 * invocation is a cold instance's first request on fresh data, down the whole chain (ingest →
 * pipeline → sender). Functions this traffic does not reach are reported by their import alone.
 */
import { execFile } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { functionDefinitions, type FunctionName } from '#definitions/functions';
import { DEFAULT_PORTS, startLocalStack, type LocalStack } from '#local/stack';

/** The runner polls an empty queue every 500 ms: this long without any invocation means the chain is done. */
const QUIET_MS = 1500;

export interface FirstCallSample {
  readonly importCpuMs: number;
  readonly firstCallCpuMs: number;
}

interface ChildReport extends FirstCallSample {
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: { name: string; message: string };
}

/** Runs one invocation in a fresh process; resolves with its report. */
export function freshInvocation(
  root: string,
  bundle: string,
  name: string,
  memoryMb: number,
  env: Record<string, string>,
  event: unknown,
): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [join(root, 'bench/cold-start/first-call.mjs'), bundle, name, String(memoryMb)],
      { env, maxBuffer: 16 << 20 },
      (error, stdout) => {
        if (error) return reject(new Error(`${name}: ${error.message}`));
        resolve(JSON.parse(stdout.slice(stdout.lastIndexOf('\n') + 1)) as ChildReport);
      },
    );
    child.stdin!.end(JSON.stringify(event));
  });
}

/** Every function of the stack, each invocation a cold instance; samples collected per function. */
class ColdInstances {
  readonly samples = new Map<FunctionName, FirstCallSample[]>();
  readonly failures: string[] = [];
  private running = 0;
  private lastChange = performance.now();

  constructor(
    private readonly root: string,
    private readonly deployedEnv: (name: FunctionName) => Record<string, string>,
  ) {}

  install(stack: LocalStack): void {
    for (const name of Object.keys(stack.functions) as FunctionName[]) {
      const env = { ...stack.envs[name], ...this.deployedEnv(name) };
      stack.functions[name].invoke = (async (event: unknown) => {
        this.running++;
        this.lastChange = performance.now();
        try {
          const r = await freshInvocation(this.root, stack.bundles[name], name, functionDefinitions[name].memoryMb, env, event);
          if (!r.ok) {
            this.failures.push(`${name}: ${r.error?.name}: ${r.error?.message}`);
            throw Object.assign(new Error(r.error?.message), { name: r.error?.name });
          }
          this.samples.set(name, [...(this.samples.get(name) ?? []), { importCpuMs: r.importCpuMs, firstCallCpuMs: r.firstCallCpuMs }]);
          return r.result;
        } finally {
          this.running--;
          this.lastChange = performance.now();
        }
      }) as (typeof stack.functions)[FunctionName]['invoke'];
    }
  }

  async settled(timeoutMs = 60_000): Promise<void> {
    const until = performance.now() + timeoutMs;
    while (this.running > 0 || performance.now() - this.lastChange < QUIET_MS) {
      if (performance.now() > until) throw new Error(`the chain did not settle within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * `rounds` rounds of traffic, each function's invocations in fresh processes. `deployedEnv` is what
 * differs from the local stack's environment in AWS (NODE_OPTIONS, tracing, Lambda's own variables).
 */
export async function measureFirstCalls(root: string, rounds: number, deployedEnv: (name: FunctionName) => Record<string, string>) {
  const stack = await startLocalStack({
    projectRoot: root,
    // Every port free-picked, so the benchmark runs beside a stack on the default ports.
    ports: Object.fromEntries(Object.keys(DEFAULT_PORTS).map((name) => [name, 0])),
    functionOutput: 'silent',
  });
  const cold = new ColdInstances(root, deployedEnv);
  cold.install(stack);
  const { info } = stack;
  const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: info.smtpPort!, secure: false, ignoreTLS: true });
  const call = async (method: string, path: string, body: unknown, token: string | undefined) => {
    const res = await fetch(`${info.api}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  try {
    for (let r = 0; r < rounds; r++) {
      const { token, visitorId } = await call('POST', '/chat/token', {}, undefined);
      await call('POST', '/chat/messages', { visitorId, messageId: randomUUID(), text: 'Merhaba, siparişim nerede? Kargo hâlâ gelmedi.' }, token);
      await cold.settled();
      const address = `cold-${randomUUID().slice(0, 8)}@customer.example`;
      await mailer.sendMail({
        envelope: { from: address, to: [info.supportAddresses![0]!] },
        raw: [
          `From: Müşteri <${address}>`,
          `To: ${info.supportAddresses![0]}`,
          'Subject: Faturam nerede',
          `Message-ID: <${randomUUID()}@customer.example>`,
          `Date: ${new Date().toUTCString()}`,
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Merhaba, geçen hafta verdiğim siparişin faturasını alamadım. Gönderebilir misiniz?',
          '',
        ].join('\r\n'),
      });
      await cold.settled();
      const sent = await stack.socialProvider.simulate('whatsapp', {
        from: `90532${randomInt(1_000_000, 9_999_999)}`,
        name: 'Müşteri',
        text: 'İade etmek istiyorum, ürün hasarlı geldi',
      });
      if (sent.status !== 200) throw new Error(`whatsapp webhook: ${sent.status} ${sent.body}`);
      await cold.settled();
      const open = await call('GET', '/tickets?status=open&channel=chat', undefined, info.agentToken);
      const ticket = (open.items as { id: string }[])[0] ?? (await call('GET', '/tickets?status=pending&channel=chat', undefined, info.agentToken)).items[0];
      if (!ticket) throw new Error('no open chat ticket to reply on');
      await call('POST', `/tickets/${ticket.id}/replies`, { text: 'Merhaba, siparişinizi kontrol ediyoruz.' }, info.agentToken);
      await cold.settled();
    }
  } finally {
    mailer.close();
    await stack.stop();
  }
  if (cold.failures.length) throw new Error(`invocations failed:\n${cold.failures.join('\n')}`);
  return cold.samples;
}
