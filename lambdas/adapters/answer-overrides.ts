import { GetCommand, type DocumentClient } from '#adapters/aws/dynamodb';
import type { AnswerOverrides } from '#core/analyse';
import { keys } from './table-keys';

/** The admins' answers as the pipeline reads them: one GetItem when the bot is about to answer. */
export function dynamoAnswerOverrides(db: DocumentClient, tableName: string): AnswerOverrides {
  return {
    async get(intent, locale) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.answer(intent, locale) }));
      return out.Item ? { text: String(out.Item.text), enabled: out.Item.enabled !== false } : undefined;
    },
  };
}
