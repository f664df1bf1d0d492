import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** A schedule as CreateSchedule / UpdateSchedule carry it (the subset the pipeline uses, kept whole). */
interface Schedule {
  Name: string;
  GroupName: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  FlexibleTimeWindow: { Mode: string };
  ActionAfterCompletion?: 'NONE' | 'DELETE';
  State?: 'ENABLED' | 'DISABLED';
  Target: { Arn: string; RoleArn: string; Input?: string; DeadLetterConfig?: { Arn?: string } };
  CreationDate: number;
  LastModificationDate: number;
  /** Set once a one-time schedule has fired and is kept (ActionAfterCompletion NONE). */
  completed?: boolean;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Longest delay a Node timer takes; a later schedule is re-armed when this one runs out. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const RETRY_MS = 1000;
const MAX_ATTEMPTS = 5;

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC (the only expression and zone the pipeline uses) as epoch ms. */
export function atTime(expression: string, timezone = 'UTC'): number {
  const m = /^at\((\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\)$/.exec(expression);
  if (!m || timezone !== 'UTC')
    throw new ApiError(400, 'ValidationException', `only at(yyyy-mm-ddThh:mm:ss) in UTC is supported locally, not ${expression} (${timezone})`);
  return Date.parse(`${m[1]}Z`);
}

/**
 * EventBridge Scheduler, locally: the REST-JSON API the SDK speaks for Create/Update/Get/DeleteSchedule,
 * one-time `at()` schedules kept in memory (and in a file when the stack persists data), each fired on
 * time by handing its Input to its target (a Lambda function, invoked asynchronously through the local
 * Invoke endpoint as Scheduler does, or an SQS queue), then deleted if ActionAfterCompletion says so.
 * POST /_local/fire?before=ISO fires every schedule due by then at once, ?name=N&groupName=G just that
 * one (tests need not wait hours); GET /_local/schedules lists them.
 */
export class LocalScheduler {
  private server?: Server;
  private readonly schedules = new Map<string, Schedule>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** A schedule fired by its timer and by /_local/fire at once is still sent once. */
  private readonly firing = new Set<string>();
  url = '';

  constructor(
    private readonly sqs: SQSClient,
    private readonly lambda: LambdaClient | undefined,
    private readonly opts: { region: string; account: string; dataFile?: string; log: (line: string) => void },
  ) {
    if (opts.dataFile && existsSync(opts.dataFile)) {
      for (const s of JSON.parse(readFileSync(opts.dataFile, 'utf8')) as Schedule[]) this.schedules.set(this.id(s.GroupName, s.Name), s);
    }
  }

  async listen(port: number): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    for (const s of this.schedules.values()) this.arm(s);
    return this.url;
  }

  async close(): Promise<void> {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Fires now every pending schedule whose time is at or before `before`; returns how many. */
  async fireDue(before: number): Promise<number> {
    const due = [...this.schedules.values()].filter((s) => !s.completed && atTime(s.ScheduleExpression, s.ScheduleExpressionTimezone) <= before);
    await Promise.all(due.map((s) => this.fire(this.id(s.GroupName, s.Name))));
    return due.length;
  }

  /** Fires one schedule now, as if its time had come (a shared stack's tests fire only their own). */
  async fireNow(group: string, name: string): Promise<number> {
    const id = this.id(group, name);
    if (!this.schedules.has(id)) return 0;
    await this.fire(id);
    return 1;
  }

  private id = (group: string, name: string) => `${group}/${name}`;
  private arn = (s: Pick<Schedule, 'GroupName' | 'Name'>) => `arn:aws:scheduler:${this.opts.region}:${this.opts.account}:schedule/${s.GroupName}/${s.Name}`;

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      const body = await readJson(req);
      if (url.pathname === '/_local/fire' && req.method === 'POST') {
        const name = url.searchParams.get('name');
        if (name) return send(res, 200, { fired: await this.fireNow(url.searchParams.get('groupName') ?? 'default', name) });
        const before = Date.parse(url.searchParams.get('before') ?? new Date().toISOString());
        if (Number.isNaN(before)) throw new ApiError(400, 'ValidationException', 'before must be an ISO date');
        return send(res, 200, { fired: await this.fireDue(before) });
      }
      if (url.pathname === '/_local/schedules' && req.method === 'GET')
        return send(res, 200, { schedules: [...this.schedules.values()].map((s) => this.view(s)) });
      const m = /^\/schedules\/([^/]+)$/.exec(url.pathname);
      if (!m) throw new ApiError(404, 'ResourceNotFoundException', `no route ${req.method} ${url.pathname}`);
      const name = decodeURIComponent(m[1]!);
      const group = (req.method === 'POST' || req.method === 'PUT' ? (body.GroupName as string | undefined) : url.searchParams.get('groupName')) ?? 'default';
      const id = this.id(group, name);
      const existing = this.schedules.get(id);
      if (req.method === 'POST' && existing) throw new ApiError(409, 'ConflictException', `Schedule ${name} already exists.`);
      if (req.method !== 'POST' && !existing) throw new ApiError(404, 'ResourceNotFoundException', `Schedule ${name} does not exist.`);
      if (req.method === 'POST' || req.method === 'PUT') {
        const schedule = this.validate(name, group, body, existing?.CreationDate);
        this.schedules.set(id, schedule);
        this.arm(schedule);
        this.persist();
        return send(res, 200, { ScheduleArn: this.arn(schedule) });
      }
      if (req.method === 'GET') return send(res, 200, this.view(existing!));
      if (req.method === 'DELETE') {
        this.remove(id);
        return send(res, 200, {});
      }
      throw new ApiError(405, 'ValidationException', `${req.method} is not supported`);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(500, 'InternalServerException', (e as Error).message);
      send(res, err.status, { Message: err.message }, { 'x-amzn-errortype': err.type });
    }
  }

  private validate(name: string, group: string, body: Record<string, unknown>, created?: number): Schedule {
    const target = body.Target as Schedule['Target'] | undefined;
    if (typeof body.ScheduleExpression !== 'string' || !target?.Arn || !target.RoleArn || !(body.FlexibleTimeWindow as { Mode?: string } | undefined)?.Mode) {
      throw new ApiError(400, 'ValidationException', 'ScheduleExpression, FlexibleTimeWindow.Mode, Target.Arn and Target.RoleArn are required');
    }
    atTime(body.ScheduleExpression, body.ScheduleExpressionTimezone as string | undefined);
    const now = Math.floor(Date.now() / 1000);
    const { ClientToken: _token, ...fields } = body;
    return {
      ...(fields as unknown as Schedule),
      Name: name,
      GroupName: group,
      State: (body.State as Schedule['State']) ?? 'ENABLED',
      CreationDate: created ?? now,
      LastModificationDate: now,
    };
  }

  private view(s: Schedule) {
    const { completed: _c, ...rest } = s;
    return { ...rest, Arn: this.arn(s) };
  }

  private arm(s: Schedule): void {
    const id = this.id(s.GroupName, s.Name);
    clearTimeout(this.timers.get(id));
    if (s.completed || s.State === 'DISABLED') return;
    const delay = atTime(s.ScheduleExpression, s.ScheduleExpressionTimezone) - Date.now();
    const timer = setTimeout(() => (delay > MAX_TIMER_MS ? this.arm(s) : void this.fire(id)), Math.max(0, Math.min(delay, MAX_TIMER_MS)));
    timer.unref();
    this.timers.set(id, timer);
  }

  /** Hands the schedule's Input to its target, retrying; what cannot be delivered goes to its DLQ. */
  private async fire(id: string): Promise<void> {
    const s = this.schedules.get(id);
    if (!s || s.completed || this.firing.has(id)) return;
    this.firing.add(id);
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    const input = s.Target.Input ?? '{}';
    for (let attempt = 1; ; attempt++) {
      try {
        await this.sendTo(s.Target.Arn, input);
        break;
      } catch (e) {
        if (attempt < MAX_ATTEMPTS) {
          await new Promise((r) => setTimeout(r, RETRY_MS));
          continue;
        }
        this.opts.log(`scheduler: ${id} could not reach ${s.Target.Arn}: ${(e as Error).message}`);
        if (s.Target.DeadLetterConfig?.Arn) await this.sendTo(s.Target.DeadLetterConfig.Arn, input).catch(() => undefined);
        break;
      }
    }
    this.firing.delete(id);
    // Updated while it was firing: the new definition has its own timer.
    if (this.schedules.get(id) !== s) return;
    if (s.ActionAfterCompletion === 'DELETE') this.remove(id);
    else {
      s.completed = true;
      this.persist();
    }
  }

  private async sendTo(targetArn: string, body: string): Promise<void> {
    if (targetArn.startsWith('arn:aws:lambda:')) {
      if (!this.lambda) throw new Error(`no Lambda endpoint for ${targetArn}`);
      const out = await this.lambda.send(new InvokeCommand({ FunctionName: targetArn, InvocationType: 'Event', Payload: Buffer.from(body) }));
      if (out.StatusCode !== 202) throw new Error(`Invoke answered ${out.StatusCode}`);
      return;
    }
    const queueArn = targetArn;
    const { QueueUrl } = await this.sqs.send(new GetQueueUrlCommand({ QueueName: queueArn.split(':').pop()! }));
    await this.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
  }

  private remove(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    this.schedules.delete(id);
    this.persist();
  }

  private persist(): void {
    if (!this.opts.dataFile) return;
    mkdirSync(dirname(this.opts.dataFile), { recursive: true });
    writeFileSync(this.opts.dataFile, JSON.stringify([...this.schedules.values()]));
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (!chunks.length) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new ApiError(400, 'ValidationException', 'body is not JSON');
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
