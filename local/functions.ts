import { Worker } from 'node:worker_threads';
import { functionDefinitions, type FunctionName } from '#definitions/functions';

export class InvocationError extends Error {
  override name = 'InvocationError';
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * A function as Lambda runs it: its bundle, its own environment, one invocation at a time per
 * instance, a timeout that kills the instance. Instances are added up to `concurrency` as load needs.
 */
export class LocalFunction {
  private readonly idle: LocalInstance[] = [];
  private readonly all = new Set<LocalInstance>();
  private readonly waiting: ((i: LocalInstance) => void)[] = [];
  private closed = false;

  constructor(
    readonly name: FunctionName,
    private readonly bundle: string,
    private readonly env: Record<string, string>,
    private readonly concurrency = 4,
    private readonly output: 'inherit' | 'silent' = 'inherit',
  ) {}

  /** Imports the bundle in one instance now, so the first request does not pay the cold start. */
  async warm(): Promise<number> {
    const instance = await this.spawn();
    this.release(instance);
    return instance.initMs;
  }

  async invoke<T = unknown>(event: unknown): Promise<T> {
    const instance = await this.acquire();
    try {
      return (await instance.invoke(event)) as T;
    } finally {
      if (instance.alive) this.release(instance);
      else this.all.delete(instance);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((i) => i.terminate()));
    this.all.clear();
  }

  private async acquire(): Promise<LocalInstance> {
    if (this.closed) throw new InvocationError(`${this.name} is stopped`);
    const free = this.idle.pop();
    if (free) return free;
    if (this.all.size < this.concurrency) return this.spawn();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(instance: LocalInstance): void {
    const next = this.waiting.shift();
    if (next) next(instance);
    else this.idle.push(instance);
  }

  private async spawn(): Promise<LocalInstance> {
    const def = functionDefinitions[this.name];
    const instance = new LocalInstance(this.name, this.bundle, this.env, def.memoryMb, def.timeoutSeconds * 1000, this.output);
    this.all.add(instance);
    await instance.ready;
    return instance;
  }
}

class LocalInstance {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  alive = true;
  initMs = 0;
  readonly ready: Promise<void>;

  constructor(
    private readonly name: string,
    bundle: string,
    env: Record<string, string>,
    memoryMb: number,
    private readonly timeoutMs: number,
    output: 'inherit' | 'silent',
  ) {
    this.worker = new Worker(new URL('./lambda-worker.mjs', import.meta.url), {
      workerData: { bundle, functionName: name, memoryMb, timeoutMs },
      env,
      // 'silent': the worker's stdout/stderr become streams here, which we drain and drop.
      stdout: output === 'silent',
      stderr: output === 'silent',
      resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    });
    if (output === 'silent') {
      this.worker.stdout.resume();
      this.worker.stderr.resume();
    }
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: { type?: string; initMs?: number }) => {
        if (m.type === 'ready') {
          this.initMs = m.initMs ?? 0;
          this.worker.off('error', reject);
          resolve();
        }
      };
      this.worker.on('message', onMessage);
      this.worker.once('error', reject);
    });
    this.worker.on('message', (m: { id?: number; ok?: boolean; result?: unknown; error?: { name: string; message: string } }) => {
      if (m.id === undefined) return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.ok) p.resolve(m.result);
      else p.reject(new InvocationError(`${this.name}: ${m.error?.name}: ${m.error?.message}`));
    });
    this.worker.on('error', (e) => this.fail(new InvocationError(`${this.name} crashed: ${e.message}`)));
    this.worker.on('exit', () => this.fail(new InvocationError(`${this.name} instance exited`)));
  }

  invoke(event: unknown): Promise<unknown> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // As in Lambda, a timed-out instance is discarded.
        this.fail(new InvocationError(`${this.name}: Task timed out after ${this.timeoutMs / 1000} seconds`));
        void this.worker.terminate();
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.worker.postMessage({ id, event });
    });
  }

  async terminate(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.alive = false;
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
  }
}
