import type { Context } from 'aws-lambda';
import { AwsClient } from '#adapters/aws/client';
import { xraySubsegments } from '#adapters/aws/xray-calls';
import type { DeliverResult } from '#core/deliver';
import type { Channel } from '#core/messages';
import type { InboundResult } from '#core/pipeline';
import type { ChannelMetricName, FunctionMetricName, MetricName } from '#definitions/metrics';
import { EmfMetrics, MetricUnit } from '#observability/emf';
import { StructuredLogger } from '#observability/structured-log';

export { MetricUnit } from '#observability/emf';

/**
 * The one logger, metrics and tracer instance of a function. Service name, namespace, log level and
 * whether tracing is on come from POWERTOOLS_* variables (lambdas/config/settings.ts); the tracer also
 * stays off outside Lambda, so tests and the local stack need no X-Ray daemon. The log lines and EMF
 * documents are those Powertools wrote (observability/structured-log.ts, emf.ts): its logger, metrics
 * and middy cost a third of a hello-world's cold start at import.
 */
export const logger = new StructuredLogger();
/**
 * Metrics whose names must be in lambdas/definitions/metrics.ts, where the dashboard reads them. An
 * invocation that counted nothing (an agent's read, most HTTP calls) is the normal case: a debug line.
 */
export const metrics = new EmfMetrics<MetricName>({ onEmpty: (message) => logger.debug(message) });
/**
 * The tracer traces SDK calls (observability.traceCalls) in Lambda unless POWERTOOLS_TRACE_ENABLED is
 * false (Powertools' own rule). Only then is it loaded: with aws-xray-sdk-core it adds about half a
 * hello-world's whole start to a cold start. Bundles made without traceCalls leave it out
 * altogether (DESTEK_BUNDLE_TRACER, replaced at bundling: lambdas/definitions/bundling.ts), so its
 * 90 kB are not even parsed.
 */
const tracing = process.env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() !== 'false' && Boolean(process.env.AWS_EXECUTION_ENV) && !process.env.AWS_SAM_LOCAL;
const xray =
  process.env.DESTEK_BUNDLE_TRACER !== 'false' && tracing
    ? {
        tracer: new (await import('@aws-lambda-powertools/tracer')).Tracer(),
      }
    : undefined;

/**
 * A client whose calls appear as subsegments of the function's trace (unchanged when tracing is off):
 * ours (an AwsClient, or a service client holding one as `aws`) through its call hook, an AWS SDK v3
 * client through Powertools.
 */
export function traced<T>(client: T): T {
  if (!xray) return client;
  const aws = client instanceof AwsClient ? client : (client as { aws?: unknown }).aws;
  if (aws instanceof AwsClient) {
    const { tracer } = xray;
    aws.tracer = xraySubsegments(() => tracer.getSegment());
    return client;
  }
  return xray.tracer.captureAWSv3Client(client);
}

/** One count for one channel, published at once: the records of one batch come from different channels. */
export function countForChannel(name: ChannelMetricName, channel: Channel): void {
  metrics.singleMetric().addDimension('channel', channel).addMetric(name, MetricUnit.Count, 1);
}

/** One count for this function (dimension function_name, the Lambda's own name). */
export function countForFunction(name: FunctionMetricName, context: Pick<Context, 'functionName'>): void {
  metrics.singleMetric().addDimension('function_name', context.functionName).addMetric(name, MetricUnit.Count, 1);
}

/** What the pipeline counts for one inbound message it took from the queue. */
export function countInbound(channel: Channel, result: Pick<InboundResult, 'status' | 'createdTicket' | 'analysis'>): void {
  if (result.status === 'duplicate') metrics.addMetric('InboundReplayed', MetricUnit.Count, 1);
  else countForChannel('InboundStored', channel);
  if (result.createdTicket) metrics.addMetric('TicketsOpened', MetricUnit.Count, 1);
  const { analysis } = result;
  if (analysis) metrics.addMetric(analysis.handling === 'bot' && analysis.reply ? 'BotAnswers' : 'HandedToAgents', MetricUnit.Count, 1);
}

/** What a social webhook could not place and the errors its provider reported: each counted (the log line says which). */
export function countSocialWebhookProblems(problems: { unplaced: number; providerErrors: number }): void {
  if (problems.unplaced) metrics.addMetric('SocialUnplaced', MetricUnit.Count, problems.unplaced);
  if (problems.providerErrors) metrics.addMetric('SocialProviderErrors', MetricUnit.Count, problems.providerErrors);
}

/** What the sender counts for one reply: sent or failed per channel; a replay of a sent one once. */
export function countDelivery(channel: Channel, result: DeliverResult): void {
  if (result === 'already-sent') metrics.addMetric('OutboundReplayed', MetricUnit.Count, 1);
  else countForChannel(result === 'sent' ? 'OutboundSent' : 'OutboundFailed', channel);
}

type Handler<TEvent, TResult> = (event: TEvent, context: Context) => Promise<TResult>;

/**
 * Every handler's observability, in one fixed order: the trace opens first so it spans the rest, then
 * the log context, then the metrics flush (after an error too). Responses stay out of traces (they
 * carry customers' messages). `onError` answers for a failed invocation (the HTTP error mapping);
 * without it the error goes to Lambda.
 */
export function observed<TEvent, TResult>(fn: Handler<TEvent, TResult>, onError?: (error: unknown, context: Context) => TResult): Handler<TEvent, TResult> {
  const traced = xray ? tracedHandler(fn) : fn;
  return async (event, context) => {
    logger.startInvocation(context);
    try {
      return await traced(event, context);
    } catch (error) {
      if (!onError) throw error;
      return onError(error, context);
    } finally {
      metrics.publishStoredMetrics();
      logger.endInvocation();
    }
  };
}

/** The handler as a subsegment of the function's segment, as Powertools' captureLambdaHandler records it. */
function tracedHandler<TEvent, TResult>(fn: Handler<TEvent, TResult>): Handler<TEvent, TResult> {
  const { tracer } = xray!;
  return async (event, context) => {
    const segment = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
    if (!segment) return fn(event, context);
    const sub = segment.addNewSubsegment(`## ${process.env._HANDLER}`);
    tracer.setSegment(sub);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
      return await fn(event, context);
    } catch (error) {
      tracer.addErrorAsMetadata(error as Error);
      throw error;
    } finally {
      sub.close();
      tracer.setSegment(segment);
    }
  };
}
