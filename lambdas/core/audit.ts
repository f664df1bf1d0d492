/**
 * The audit trail: who did what to which item, when, and how it looked before and after. Admin actions
 * (through the agent API's router) and agents' sign-ins (Cognito's post-authentication trigger, the
 * local sign-in) are recorded through the same functions here; the records expire after the configured
 * retention (audit.retentionDays, a DynamoDB TTL).
 */
export interface AuditActor {
  /** The agent's id (the token's sub). */
  readonly id: string;
  readonly email?: string;
}

export interface AuditRecord {
  /** Unique within the trail, stable for one request: a repeated delivery of the same request writes the same record. */
  readonly id: string;
  readonly at: string;
  readonly actor: AuditActor;
  /** The route (`PUT /canned-responses/{locale}/{id}`) or `sign-in`. */
  readonly action: string;
  /** The item acted on: the route's path parameters joined (`tr/greeting`), absent when it has none. */
  readonly target?: string;
  /** The HTTP status the action answered with (sign-in: 200). */
  readonly status: number;
  /** What the action read before it changed anything (declared per route), secrets redacted, bounded in size. */
  readonly before?: unknown;
  /** What the action answered with, secrets redacted, bounded in size. */
  readonly after?: unknown;
  /** Where it came from: `cognito` or `local` for sign-ins, the source address for API calls. */
  readonly via?: string;
}

export interface AuditQuery {
  /** Inclusive ISO instants. */
  readonly from: string;
  readonly to: string;
  readonly actor?: string | undefined;
  readonly action?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** Where the records go and how they are read back, newest first (adapters/audit-log.ts). */
export interface AuditLog {
  record(entry: AuditRecord): Promise<void>;
  list(q: AuditQuery): Promise<{ items: AuditRecord[]; next: string | null }>;
}

/** Names whose values never enter the trail. */
const SECRET_NAME = /secret|password|passwd|token|credential|authorization|signature|api[-_]?key|private[-_]?key|cookie/i;
export const REDACTED = '[redacted]';

/** A copy with every value under a secret-looking name replaced (any depth). */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_NAME.test(k) ? REDACTED : redactSecrets(v, depth + 1)]));
}

/** A before or after larger than this (as JSON) is kept as its first characters: one record stays one small item. */
export const SNAPSHOT_MAX_CHARS = 8_000;

/** A snapshot as the trail keeps it: secrets redacted; when too large, a truncated string saying so. */
export function snapshot(value: unknown): unknown {
  if (value === undefined) return undefined;
  const redacted = redactSecrets(value);
  const text = JSON.stringify(redacted);
  if (text === undefined) return undefined;
  // Through JSON: what is kept is what a reader gets back (no undefined, no class instances).
  if (text.length <= SNAPSHOT_MAX_CHARS) return JSON.parse(text);
  return { truncated: true, json: text.slice(0, SNAPSHOT_MAX_CHARS) };
}

/** A sign-in as a record: the same shape whoever signs the token (Cognito's trigger, the local sign-in). */
export function signInRecord(actor: AuditActor, at: Date, via: string, requestId: string): AuditRecord {
  return { id: requestId, at: at.toISOString(), actor, action: SIGN_IN_ACTION, status: 200, via };
}

export const SIGN_IN_ACTION = 'sign-in';

/** Records a sign-in. */
export function recordSignIn(log: AuditLog, actor: AuditActor, at: Date, via: string, requestId: string): Promise<void> {
  return log.record(signInRecord(actor, at, via, requestId));
}
