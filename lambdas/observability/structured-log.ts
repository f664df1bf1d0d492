/**
 * The functions' structured JSON log lines, field for field those of the Powertools logger (v2) they
 * replace: level, message, timestamp, service, the invocation's context (cold_start, function_arn,
 * function_memory_size, function_name, function_request_id), sampling_rate, xray_trace_id, then the
 * line's own keys, errors as {name, location, message, stack, cause, ...own fields}. The saved Logs
 * Insights queries (lib/constructs/log-queries.ts) read these names. Powertools' logger cost a third
 * of a hello-world's cold start at import (a Console, its environment service, the formatter classes);
 * this writes the same line with nothing built before the first one.
 */

const LEVELS = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
export type LogLevel = keyof typeof LEVELS;
export type LogAttributes = Record<string, unknown>;

/** What a line says about the invocation it belongs to (the Lambda context's fields). */
export interface InvocationContext {
  readonly functionName: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string | number;
  readonly awsRequestId: string;
}

const levelOf = (name: string | undefined): number | undefined => (name ? LEVELS[name.toUpperCase() as LogLevel] : undefined);
const truthy = (value: string | undefined) => ['1', 'true', 'on', 'yes', 'y'].includes((value ?? '').trim().toLowerCase());

/** Where an error was thrown: the first "(file:line:col)" frame of its stack, as "file:line". */
function codeLocation(stack: string | undefined): string {
  for (const line of stack?.split('\n') ?? []) {
    const match = /\(([^()]*?):(\d+?):(\d+?)\)\\?$/.exec(line);
    if (match) return `${match[1]}:${Number(match[2])}`;
  }
  return '';
}

export function formatError(error: Error, dev = false): LogAttributes {
  const { name, message, stack, cause } = error;
  const formatted: LogAttributes = {
    name,
    location: codeLocation(stack),
    message,
    stack: dev && typeof stack === 'string' ? stack.split('\n') : stack,
    cause: cause instanceof Error ? formatError(cause, dev) : cause,
  };
  for (const key in error) if (!['name', 'message', 'stack', 'cause'].includes(key)) formatted[key] = (error as unknown as LogAttributes)[key];
  return formatted;
}

/** JSON.stringify's replacer: errors formatted, bigints as strings, a circular reference left out. */
function replacer(dev: boolean) {
  const ancestors: unknown[] = [];
  return function (this: unknown, _key: string, value: unknown) {
    const replaced = value instanceof Error ? formatError(value, dev) : value;
    if (typeof replaced === 'bigint') return replaced.toString();
    if (typeof replaced === 'object' && replaced !== null) {
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(replaced)) return undefined;
      ancestors.push(replaced);
    }
    return replaced;
  };
}

export class StructuredLogger {
  #context: (InvocationContext & { coldStart: boolean }) | undefined;
  #invocations = 0;
  readonly #env: NodeJS.ProcessEnv;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.#env = env;
  }

  /** The threshold, read when a line is written (tests and the local stack set it per process). */
  #threshold(): number {
    const env = this.#env;
    const own = levelOf(env.POWERTOOLS_LOG_LEVEL) ?? levelOf(env.LOG_LEVEL) ?? LEVELS.INFO;
    // Lambda's advanced logging controls drop anything below their level anyway.
    return Math.max(own, levelOf(env.AWS_LAMBDA_LOG_LEVEL) ?? 0);
  }

  /** The invocation the next lines belong to; the first one of the process is the cold start. */
  startInvocation(context: InvocationContext): void {
    this.#context = { ...context, coldStart: this.#invocations++ === 0 };
  }

  endInvocation(): void {
    this.#context = undefined;
  }

  debug(message: string, attributes?: LogAttributes): void {
    this.#write('DEBUG', message, attributes);
  }
  info(message: string, attributes?: LogAttributes): void {
    this.#write('INFO', message, attributes);
  }
  warn(message: string, attributes?: LogAttributes): void {
    this.#write('WARN', message, attributes);
  }
  error(message: string, attributes?: LogAttributes): void {
    this.#write('ERROR', message, attributes);
  }

  #write(level: LogLevel, message: string, attributes: LogAttributes = {}): void {
    if (LEVELS[level] < this.#threshold()) return;
    const env = this.#env;
    const context = this.#context;
    const line: LogAttributes = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: env.POWERTOOLS_SERVICE_NAME || 'service_undefined',
      cold_start: context?.coldStart,
      function_arn: context?.invokedFunctionArn,
      function_memory_size: context?.memoryLimitInMB,
      function_name: context?.functionName,
      function_request_id: context?.awsRequestId,
      sampling_rate: 0,
      xray_trace_id: env._X_AMZN_TRACE_ID?.split(';')[0]?.replace('Root=', '') || undefined,
    };
    for (const [key, value] of Object.entries(attributes)) if (!(key in line) || line[key] === undefined) line[key] = value;
    for (const key of Object.keys(line)) if (line[key] === undefined || line[key] === '' || line[key] === null) delete line[key];
    const dev = truthy(env.POWERTOOLS_DEV);
    const text = JSON.stringify(line, replacer(dev), dev ? 4 : 0);
    const method = level === 'ERROR' ? 'error' : level === 'WARN' ? 'warn' : level === 'DEBUG' ? 'debug' : 'info';
    writeLine(method, text, dev);
  }
}

/**
 * One line to standard output (errors and warnings to standard error, as a Console does), where Lambda
 * sends it to CloudWatch as it is; in development mode (POWERTOOLS_DEV) through the global console.
 */
export function writeLine(method: 'debug' | 'info' | 'log' | 'warn' | 'error', text: string, dev: boolean): void {
  if (dev) console[method](text);
  else (method === 'error' || method === 'warn' ? process.stderr : process.stdout).write(`${text}\n`);
}

export const isDevMode = (env: NodeJS.ProcessEnv = process.env) => truthy(env.POWERTOOLS_DEV);
