import type { SQSRecord } from 'aws-lambda';
import { dynamoAnswerOverrides } from '../adapters/answer-overrides';
import { createDocumentClient } from '../adapters/dynamodb-client';
import { DynamoStore } from '../adapters/dynamo-store';
import { DynamoFailureLog } from '../adapters/failure-log-dynamo';
import { sqsOutboundQueue } from '../adapters/fifo-queue';
import { createLexClient } from '../adapters/lex-client';
import { LexRecognizer } from '../adapters/lex-recognizer';
import { DynamoOrderLookup } from '../adapters/orders-dynamo';
import { HttpOrderLookup } from '../adapters/orders-http';
import { createSqsClient } from '../adapters/sqs-client';
import { createSchedulerClient, eventBridgeSlaTimer } from '../adapters/sla-scheduler';
import modelJson from '../brain/model.json';
import { Model, type ModelFile } from '../brain/model';
import { BuiltinRecognizer } from '../brain/recognizer';
import { requireEnv } from '../config/env';
import { brainSettingsFromEnv, pipelineSettingsFromEnv, slaScheduleSettingsFromEnv, storeOptionsFromEnv } from '../config/runtime';
import type { BrainDeps } from '../core/analyse';
import { inboundMessageSchema } from '../core/messages';
import { processInbound, type PipelineDeps } from '../core/pipeline';
import type { OrderLookup } from '../core/ports';
import { parseRecord } from '../http/queue-record';
import { sqsBatchHandler } from '../http/sqs-batch';
import { countInbound, logger } from '../observability';

const db = createDocumentClient();
const pipeline = pipelineSettingsFromEnv();
const brain = brainSettingsFromEnv();

/** Orders come from the orders table or from the shop's endpoint, as the configuration says. */
function orderLookup(): OrderLookup {
  if (process.env.ORDERS_TABLE_NAME) return new DynamoOrderLookup(db, process.env.ORDERS_TABLE_NAME);
  return new HttpOrderLookup({
    baseUrl: requireEnv('ORDERS_BASE_URL'),
    ...(process.env.ORDERS_AUTHORIZATION ? { authorization: process.env.ORDERS_AUTHORIZATION } : {}),
  });
}

const brainDeps: BrainDeps = {
  builtin: new BuiltinRecognizer(new Model(modelJson as unknown as ModelFile), {
    orderNumberPattern: brain.orderNumberPattern,
    outOfScopeBelow: brain.outOfScopeBelow,
  }),
  // The bot exists when the configuration gives Lex a locale; then CDK binds its ids.
  ...(process.env.LEX_BOT_ID
    ? {
        lex: new LexRecognizer(createLexClient(), {
          botId: requireEnv('LEX_BOT_ID'),
          botAliasId: requireEnv('LEX_BOT_ALIAS_ID'),
          localeIds: brain.lexLocaleIds,
        }),
      }
    : {}),
  orders: orderLookup(),
  settings: { defaultLocale: pipeline.defaultLocale, locales: pipeline.locales, engines: brain.engines, shop: brain.shop, vipCategories: brain.vipCategories },
  warn: (message, extra) => logger.warn(message, extra),
  answers: dynamoAnswerOverrides(db, storeOptionsFromEnv().tableName),
};

const deps: PipelineDeps = {
  store: new DynamoStore(db, storeOptionsFromEnv()),
  outbound: sqsOutboundQueue(createSqsClient(), requireEnv('OUTBOUND_QUEUE_URL')),
  settings: pipeline,
  brain: brainDeps,
  slaTimer: eventBridgeSlaTimer(createSchedulerClient(), slaScheduleSettingsFromEnv()),
};

export async function handleInboundRecord(d: PipelineDeps, record: SQSRecord) {
  const msg = parseRecord(record, inboundMessageSchema);
  const { analysis, ...result } = await processInbound(d, msg);
  logger.info('inbound processed', {
    channel: msg.channel,
    channelMessageId: msg.channelMessageId,
    ...result,
    ...(analysis
      ? { intent: analysis.intent, confidence: analysis.confidence, lang: analysis.lang, engine: analysis.engine, priority: analysis.priority, handling: analysis.handling, botAnswered: Boolean(analysis.reply && analysis.handling === 'bot') }
      : {}),
  });
  countInbound(msg.channel, { ...result, ...(analysis ? { analysis } : {}) });
  return result;
}

export const handler = sqsBatchHandler((record) => handleInboundRecord(deps, record), new DynamoFailureLog(db, storeOptionsFromEnv().tableName));
