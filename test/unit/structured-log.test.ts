import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit as PowertoolsUnit } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EmfMetrics, MetricUnit } from '#observability/emf';
import { StructuredLogger } from '#observability/structured-log';

/**
 * Our log lines and EMF documents against the Powertools logger's and metrics' (which they replace,
 * kept as the reference here): the same fields in the same order, so the saved Logs Insights queries,
 * the dashboard and whoever parses the lines read them as before.
 */
const context = {
  functionName: 'Destek-pipeline',
  invokedFunctionArn: 'arn:aws:lambda:eu-central-1:1:function:f',
  memoryLimitInMB: '256',
  awsRequestId: 'req-1',
};
const env = {
  POWERTOOLS_SERVICE_NAME: 'destek',
  POWERTOOLS_METRICS_NAMESPACE: 'Destek',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  POWERTOOLS_METRICS_DISABLED: 'false',
  _X_AMZN_TRACE_ID: 'Root=1-5e1b4151-5ac6c58f5b5dbd6a4b5f1c34;Parent=53995c3f42cd8ad8;Sampled=1',
};

let lines: { stream: 'stdout' | 'stderr'; text: string }[];
beforeEach(() => {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  vi.stubEnv('POWERTOOLS_DEV', '');
  lines = [];
  for (const stream of ['stdout', 'stderr'] as const) {
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push({ stream, text: String(chunk) });
      return true;
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** Each written line, parsed, with its stream, and the timestamps (which differ by the clock) set aside. */
const written = () =>
  lines.map(({ stream, text }) => {
    expect(text.endsWith('\n')).toBe(true);
    const { timestamp: _t, _aws, ...rest } = JSON.parse(text) as Record<string, unknown> & { _aws?: { Timestamp: number } };
    return { stream, keys: Object.keys(JSON.parse(text)), ...rest, ...(_aws ? { _aws: { ..._aws, Timestamp: 0 } } : {}) } as Record<string, unknown>;
  });

type AnyLogger = Pick<StructuredLogger, 'info' | 'warn' | 'error' | 'debug'>;
const failure = Object.assign(new Error('conditional check failed', { cause: new TypeError('inner') }), { code: 'ConditionalCheckFailed' });
function logSession(log: AnyLogger, start: () => void, end: () => void) {
  log.info('before any invocation', { ticketId: '10001' });
  start();
  log.info('inbound processed', { status: 'stored', createdTicket: true, nested: { ids: [1, 2] }, none: undefined, empty: '', nothing: null, big: 10n });
  log.error('record failed', { messageId: 'm1', receiveCount: 2, error: failure });
  log.warn('could not record the failure', { error: failure });
  log.debug('below the level');
  end();
  start();
  log.info('second invocation');
  end();
}

describe('the structured log lines', () => {
  it('are the lines the Powertools logger writes, field for field and stream for stream', () => {
    const powertools = new Logger();
    logSession(
      powertools as unknown as AnyLogger,
      () => powertools.addContext({ ...context, getRemainingTimeInMillis: () => 1 } as never),
      () => powertools.resetKeys(),
    );
    const theirs = written();
    lines = [];
    const ours = new StructuredLogger();
    logSession(
      ours,
      () => ours.startInvocation(context),
      () => ours.endInvocation(),
    );
    // Powertools marks a context added by hand as warm; the first invocation a handler sees is cold.
    const cold = (xs: ReturnType<typeof written>) => xs.map((x, i) => (i >= 1 && i <= 3 ? { ...x, cold_start: true } : x));
    expect(written()).toEqual(cold(theirs));
    expect(theirs).toHaveLength(5);
  });

  it('says which invocation is the cold start, and leaves out lines below the configured level', () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'WARN');
    const log = new StructuredLogger();
    log.startInvocation(context);
    log.info('left out');
    log.warn('kept');
    log.endInvocation();
    log.startInvocation(context);
    log.error('kept too');
    expect(written().map((l) => [l.message, l.cold_start, l.stream])).toEqual([
      ['kept', true, 'stderr'],
      ['kept too', false, 'stderr'],
    ]);
  });
});

describe('the EMF documents', () => {
  it('are the documents the Powertools metrics utility writes', () => {
    const count = (m: Pick<EmfMetrics, 'addMetric' | 'singleMetric' | 'publishStoredMetrics'>, unit: typeof MetricUnit.Count) => {
      m.singleMetric().addDimension('channel', 'chat').addMetric('InboundStored', unit, 1);
      m.addMetric('TicketsOpened', unit, 1);
      m.addMetric('TicketsOpened', unit, 1);
      m.addMetric('BotAnswers', unit, 2);
      m.publishStoredMetrics();
      m.publishStoredMetrics();
    };
    count(new Metrics({ logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } }) as never, PowertoolsUnit.Count);
    const theirs = written();
    lines = [];
    count(new EmfMetrics(), MetricUnit.Count);
    expect(written()).toEqual(theirs);
    expect(theirs).toHaveLength(2);
  });

  it('writes nothing when metrics are off', () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    const m = new EmfMetrics();
    m.addMetric('TicketsOpened', MetricUnit.Count, 1);
    m.publishStoredMetrics();
    expect(lines).toEqual([]);
  });
});
