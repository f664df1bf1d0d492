import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LocalStackError } from './errors';

/** One accepted message as the journal keeps it: enough to put it back in its queue after a crash. */
export interface JournaledMessage {
  /** The queue's name (the last segment of its URL). */
  readonly queue: string;
  readonly id: string;
  readonly body: string;
  /** When it was first accepted (ms since epoch): its SentTimestamp and where its delay and retention count from. */
  readonly sentAt: number;
  readonly delaySeconds: number;
  readonly groupId?: string;
  readonly dedupId?: string;
  /** MessageAttributes and MessageSystemAttributes as SendMessage takes them. */
  readonly attributes?: Record<string, unknown>;
  readonly systemAttributes?: Record<string, unknown>;
}

type Entry = ({ op: 'put' } & JournaledMessage) | { op: 'del'; id: string } | { op: 'purge'; queue: string };

/**
 * A write-ahead journal of what the local SQS server holds: every message put in a queue (sent, or
 * moved to a dead-letter queue) and every message taken out (deleted, purged), as JSON lines. Appends
 * are written and fsync'd in groups; `durable()` resolves once everything appended so far is on disk,
 * which is when the server may answer the request that appended it.
 *
 * Opening replays the file into the set of live messages and rewrites it with only those (written
 * beside it, then renamed over it, so a crash while compacting leaves one complete journal or the other).
 */
export class QueueJournal {
  private pending: string[] = [];
  private appended = 0;
  private written = 0;
  private flushing: Promise<void> | undefined;
  private failure: Error | undefined;
  private waiters: { upTo: number; resolve: () => void; reject: (e: Error) => void }[] = [];

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    private readonly live: Map<string, JournaledMessage>,
  ) {}

  static async open(file: string): Promise<QueueJournal> {
    mkdirSync(dirname(file), { recursive: true });
    const restored = existsSync(file) ? replay(file) : new Map<string, JournaledMessage>();
    compact(file, restored.values());
    return new QueueJournal(file, await open(file, 'a'), restored);
  }

  /** The messages a crash would have lost, in the order they were accepted. */
  messages(): JournaledMessage[] {
    return [...this.live.values()];
  }

  put(message: JournaledMessage): void {
    const known = this.live.get(message.id);
    // A FIFO send the queue deduplicated names the message it already holds: nothing new to keep.
    if (known?.queue === message.queue) return;
    this.live.delete(message.id);
    this.live.set(message.id, message);
    this.append({ op: 'put', ...message });
  }

  remove(id: string): void {
    if (this.live.delete(id)) this.append({ op: 'del', id });
  }

  purge(queue: string): void {
    let any = false;
    for (const [id, m] of this.live) if (m.queue === queue) any = this.live.delete(id);
    if (any) this.append({ op: 'purge', queue });
  }

  /** Resolves when every entry appended before the call is written and fsync'd. */
  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.written >= this.appended) return Promise.resolve();
    const upTo = this.appended;
    return new Promise((resolve, reject) => this.waiters.push({ upTo, resolve, reject }));
  }

  async close(): Promise<void> {
    await this.durable().catch(() => undefined);
    await this.flushing;
    await this.handle.close();
  }

  private append(entry: Entry): void {
    this.pending.push(`${JSON.stringify(entry)}\n`);
    this.appended++;
    this.flushing ??= this.flush();
  }

  /** Group commit: whatever was appended while one write and fsync ran goes in the next. */
  private async flush(): Promise<void> {
    try {
      while (this.pending.length && !this.failure) {
        const batch = this.pending.join('');
        const upTo = this.appended;
        this.pending = [];
        await this.handle.appendFile(batch);
        await this.handle.datasync();
        this.written = upTo;
        this.waiters = this.waiters.filter((w) => (w.upTo <= upTo ? (w.resolve(), false) : true));
      }
    } catch (e) {
      this.failure = new LocalStackError(`cannot write the queue journal ${this.file}: ${(e as Error).message}`);
      this.waiters.forEach((w) => w.reject(this.failure!));
      this.waiters = [];
    } finally {
      this.flushing = undefined;
    }
  }
}

/** The live messages a journal describes. A torn last line (a crash mid-write, never acknowledged) is skipped. */
function replay(file: string): Map<string, JournaledMessage> {
  const live = new Map<string, JournaledMessage>();
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line) return;
    let entry: Entry;
    try {
      entry = JSON.parse(line) as Entry;
    } catch {
      if (i === lines.length - 1) return;
      throw new LocalStackError(`the queue journal ${file} is damaged at line ${i + 1}: move it away to start with empty queues`);
    }
    if (entry.op === 'put') {
      const { op: _, ...message } = entry;
      live.delete(message.id);
      live.set(message.id, message);
    } else if (entry.op === 'del') live.delete(entry.id);
    else for (const [id, m] of live) if (m.queue === entry.queue) live.delete(id);
  });
  return live;
}

function compact(file: string, messages: Iterable<JournaledMessage>): void {
  const tmp = `${file}.compacting`;
  const fd = openSync(tmp, 'w');
  try {
    for (const m of messages) writeSync(fd, `${JSON.stringify({ op: 'put', ...m })}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  // The rename itself must survive a crash too.
  const dir = openSync(dirname(file), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
