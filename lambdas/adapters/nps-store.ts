import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  QueryCommand,
  TransactWriteCommand,
  TransactionCanceledException,
  type DocumentClient,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '#adapters/aws/dynamodb';
import type { Interaction } from '#core/model';
import type { NpsAnswer, NpsStore, NpsSurvey } from '#agent/nps-port';
import { interactionItem } from './table-keys';

/**
 * NPS items (table.ts lists them):
 *   CUSTOMER#<id> / NPS                           the customer's survey claim: lastSentAt, survey (the 90-day rule's conditional write)
 *   CUSTOMER#<id> / NPS#<answeredAt>#<ticket>     one answer in the customer's history
 *   NPS#<YYYY-MM> / <sentAt>#<ticket>             one survey sent that month, and its answer (what the metrics read)
 */
export const npsKeys = {
  claim: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'NPS' }),
  answer: (customerId: string, answeredAt: string, ticketId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: `NPS#${answeredAt}#${ticketId}` }),
  survey: (sentAt: string, ticketId: string) => ({ pk: `NPS#${sentAt.slice(0, 7)}`, sk: `${sentAt}#${ticketId}` }),
};

const surveyId = (s: Pick<NpsSurvey, 'ticketId' | 'sentAt'>) => `${s.ticketId}#${s.sentAt}`;

/** Two writers on one item in the same instant: DynamoDB cancels one with TransactionConflict; it tries again. */
const CONFLICT_ATTEMPTS = 4;

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as T;
};

/** A condition that failed where that is an answer, not an error: a survey item already gone (nothing left to erase), a claim already later. */
const ignoreMissing = (e: Error) => {
  if (e.name !== 'ConditionalCheckFailedException') throw e;
};

/** The months (YYYY-MM) a range of ISO times touches, in order. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (let month = from.slice(0, 7); month <= last; month = `${y}-${String(m).padStart(2, '0')}`) {
    months.push(month);
    m === 12 ? ((m = 1), y++) : m++;
  }
  return months;
}

export function dynamoNpsStore(db: DocumentClient, tableName: string): NpsStore {
  /** Every item a Query finds, page after page. */
  async function* queryItems(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): AsyncIterable<Record<string, unknown>> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await db.send(new QueryCommand({ TableName: tableName, ...input, ExclusiveStartKey: start }));
      yield* out.Items ?? [];
      start = out.LastEvaluatedKey;
    } while (start);
  }

  /** Every answer in a customer's history. */
  const answerItems = (customerId: string) =>
    queryItems({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': npsKeys.claim(customerId).pk, ':prefix': 'NPS#' },
    });

  /** Runs a transaction; the index of the first item whose condition failed, or undefined when it committed. */
  async function transact(items: TransactWriteCommandInput['TransactItems']): Promise<number | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        await db.send(new TransactWriteCommand({ TransactItems: items }));
        return undefined;
      } catch (e) {
        if (!(e instanceof TransactionCanceledException || (e as Error).name === 'TransactionCanceledException')) throw e;
        const reasons = (e as TransactionCanceledException).CancellationReasons ?? [];
        const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
        if (failed >= 0) return failed;
        if (attempt >= CONFLICT_ATTEMPTS) throw e;
        await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 30));
      }
    }
  }

  return {
    async startSurvey(survey: NpsSurvey, interaction: Interaction, askableBefore: string) {
      const failed = await transact([
        {
          Update: {
            TableName: tableName,
            Key: npsKeys.claim(survey.customerId),
            UpdateExpression: 'SET lastSentAt = :at, survey = :id, #type = :type',
            ConditionExpression: 'attribute_not_exists(pk) OR lastSentAt <= :before OR survey = :id',
            ExpressionAttributeNames: { '#type': 'type' },
            ExpressionAttributeValues: { ':at': survey.sentAt, ':id': surveyId(survey), ':before': askableBefore, ':type': 'nps_claim' },
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: { ...npsKeys.survey(survey.sentAt, survey.ticketId), type: 'nps_survey', ...survey },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { TableName: tableName, Item: interactionItem(interaction), ConditionExpression: 'attribute_not_exists(pk)' } },
      ]);
      return failed === undefined ? 'started' : failed === 0 ? 'not_due' : 'repeated';
    },

    async getSurvey(ticketId, sentAt) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: npsKeys.survey(sentAt, ticketId), ConsistentRead: true }));
      return out.Item ? strip<NpsSurvey>(out.Item) : undefined;
    },

    async answer(survey, answer) {
      const failed = await transact([
        {
          Update: {
            TableName: tableName,
            Key: npsKeys.survey(survey.sentAt, survey.ticketId),
            UpdateExpression: `SET score = :score, answeredAt = :at${answer.comment ? ', #comment = :comment' : ''}`,
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(score)',
            ...(answer.comment ? { ExpressionAttributeNames: { '#comment': 'comment' } } : {}),
            ExpressionAttributeValues: { ':score': answer.score, ':at': answer.answeredAt, ...(answer.comment ? { ':comment': answer.comment } : {}) },
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: { ...npsKeys.answer(survey.customerId, answer.answeredAt, survey.ticketId), type: 'nps_answer', ...answer },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]);
      return failed === undefined ? 'recorded' : 'already_answered';
    },

    async customerAnswers(customerId, limit) {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': npsKeys.claim(customerId).pk, ':prefix': 'NPS#' },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((i) => strip<NpsAnswer>(i));
    },

    async moveAnswers(from, into) {
      let moved = 0;
      for await (const item of answerItems(from)) {
        await db.send(new PutCommand({ TableName: tableName, Item: { ...item, pk: npsKeys.claim(into).pk } }));
        await db.send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk as string, sk: item.sk as string } }));
        moved++;
      }
      const source = await db.send(new GetCommand({ TableName: tableName, Key: npsKeys.claim(from), ConsistentRead: true }));
      const lastSentAt = source.Item?.lastSentAt as string | undefined;
      if (lastSentAt) {
        await db
          .send(
            new UpdateCommand({
              TableName: tableName,
              Key: npsKeys.claim(into),
              UpdateExpression: 'SET lastSentAt = :at, #type = :type',
              ConditionExpression: 'attribute_not_exists(lastSentAt) OR lastSentAt < :at',
              ExpressionAttributeNames: { '#type': 'type' },
              ExpressionAttributeValues: { ':at': lastSentAt, ':type': 'nps_claim' },
            }),
          )
          // The condition failed: the target's last survey is the later one, and stays.
          .catch(ignoreMissing);
      }
      return moved;
    },

    async eraseComments(customerId) {
      let erased = 0;
      for await (const item of answerItems(customerId)) {
        if (item.comment === undefined) continue;
        const a = strip<NpsAnswer>(item);
        const remove = { UpdateExpression: 'REMOVE #comment', ExpressionAttributeNames: { '#comment': 'comment' } };
        await db
          .send(new UpdateCommand({ TableName: tableName, Key: npsKeys.survey(a.sentAt, a.ticketId), ...remove, ConditionExpression: 'attribute_exists(pk)' }))
          .catch(ignoreMissing);
        await db.send(new UpdateCommand({ TableName: tableName, Key: { pk: item.pk as string, sk: item.sk as string }, ...remove }));
        erased++;
      }
      return erased;
    },

    async *surveysSentBetween(from, to) {
      for (const month of monthsBetween(from, to)) {
        const items = queryItems({
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': `NPS#${month}`, ':from': from, ':to': `${to}~` },
          ProjectionExpression: 'sentAt, score',
        });
        for await (const item of items) yield { sentAt: String(item.sentAt), ...(typeof item.score === 'number' ? { score: item.score } : {}) };
      }
    },
  };
}
