/**
 * Metrics as CloudWatch embedded metric format documents on standard output, the same documents the
 * Powertools metrics utility (v2) wrote: namespace POWERTOOLS_METRICS_NAMESPACE, the default dimension
 * service=POWERTOOLS_SERVICE_NAME, stored metrics flushed once per invocation (a name counted twice
 * is one metric with a list of values), a single metric with its own dimensions published at once.
 * Off with POWERTOOLS_METRICS_DISABLED=true, and in development mode (POWERTOOLS_DEV) unless that
 * says false.
 */
import { isDevMode, writeLine } from './structured-log';

export const MetricUnit = { Count: 'Count' } as const;
export type MetricUnit = (typeof MetricUnit)[keyof typeof MetricUnit];

/** CloudWatch takes at most 100 metrics in one document: more are flushed on the way. */
const MAX_METRICS = 100;

interface Stored {
  readonly unit: string;
  value: number | number[];
}

export class EmfMetrics<Name extends string = string> {
  readonly #metrics = new Map<string, Stored>();
  readonly #dimensions: Record<string, string> = {};
  readonly #single: boolean;
  readonly #env: NodeJS.ProcessEnv;
  readonly #onEmpty: ((message: string) => void) | undefined;

  constructor(o: { env?: NodeJS.ProcessEnv; single?: boolean; onEmpty?: (message: string) => void } = {}) {
    this.#env = o.env ?? process.env;
    this.#single = o.single ?? false;
    this.#onEmpty = o.onEmpty;
  }

  /** A metric published at once, with dimensions of its own beside the service. */
  singleMetric(): EmfMetrics<Name> {
    return new EmfMetrics<Name>({ env: this.#env, single: true });
  }

  addDimension(name: string, value: string): this {
    this.#dimensions[name] = value;
    return this;
  }

  addMetric(name: Name, unit: MetricUnit, value: number): this {
    const stored = this.#metrics.get(name);
    if (stored) stored.value = [...(Array.isArray(stored.value) ? stored.value : [stored.value]), value];
    else this.#metrics.set(name, { unit, value });
    if (this.#single || this.#metrics.size >= MAX_METRICS) this.publishStoredMetrics();
    return this;
  }

  get disabled(): boolean {
    const set = this.#env.POWERTOOLS_METRICS_DISABLED;
    if (set !== undefined) return ['1', 'true', 'on', 'yes', 'y'].includes(set.trim().toLowerCase());
    return isDevMode(this.#env);
  }

  /** Writes what is stored as one document (nothing when nothing is) and forgets it. */
  publishStoredMetrics(): void {
    try {
      if (this.#metrics.size === 0) {
        this.#onEmpty?.('No application metrics to publish.');
        return;
      }
      if (!this.disabled) writeLine('log', JSON.stringify(this.serialize()), isDevMode(this.#env));
    } finally {
      this.#metrics.clear();
      for (const key of Object.keys(this.#dimensions)) delete this.#dimensions[key];
    }
  }

  serialize(): Record<string, unknown> {
    const defaults = { service: this.#env.POWERTOOLS_SERVICE_NAME || 'service_undefined' };
    const values = Object.fromEntries([...this.#metrics].map(([name, { value }]) => [name, value]));
    return {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: this.#env.POWERTOOLS_METRICS_NAMESPACE || 'default_namespace',
            Dimensions: [[...new Set([...Object.keys(defaults), ...Object.keys(this.#dimensions)])]],
            Metrics: [...this.#metrics].map(([Name, { unit }]) => ({ Name, Unit: unit })),
          },
        ],
      },
      ...defaults,
      ...this.#dimensions,
      ...values,
    };
  }
}
