import {
  type DocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactionCanceledException,
  TransactWriteCommand,
} from '#adapters/aws/dynamodb';
import { ConflictError } from '#core/errors';
import type { ArticleWrite, HelpArticleStore } from '#agent/help-articles';
import type { ArticleLocale } from '#helpcenter/articles';
import type { ArticleRevision } from '#helpcenter/library';
import { HELP_VERSION_PREFIX, keys } from './table-keys';

/** DynamoDB allows 100 items in one transaction; a first edit writes three (current, shipped version, new version). */
const MAX_WRITES_PER_TRANSACTION = 33;

const revisionOf = (item: Record<string, unknown>): ArticleRevision => {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as unknown as ArticleRevision;
};

/**
 * The admins' article revisions: the current one under `HELPARTICLES#<locale>` / `<id>` (a locale is one
 * Query) and every version under `HELPARTICLE#<locale>#<id>` / `V#<version>`. A write puts the current
 * item only if it is still at the version the change was based on, and each version only once, in one
 * transaction: two admins saving the same version make one new version, and the other gets a 409.
 */
export class DynamoHelpArticles implements HelpArticleStore {
  constructor(
    private readonly doc: DocumentClient,
    private readonly tableName: string,
  ) {}

  list(locale: ArticleLocale): Promise<ArticleRevision[]> {
    return this.all({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.helpArticle(locale, '').pk } });
  }

  async get(locale: ArticleLocale, id: string): Promise<ArticleRevision | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.helpArticle(locale, id), ConsistentRead: true }));
    return out.Item ? revisionOf(out.Item) : undefined;
  }

  versions(locale: ArticleLocale, id: string): Promise<ArticleRevision[]> {
    return this.all({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
      ExpressionAttributeValues: { ':pk': keys.helpArticleVersion(locale, id, 0).pk, ':v': HELP_VERSION_PREFIX },
      ScanIndexForward: false,
    });
  }

  async save(writes: readonly ArticleWrite[]): Promise<void> {
    for (let i = 0; i < writes.length; i += MAX_WRITES_PER_TRANSACTION) await this.transact(writes.slice(i, i + MAX_WRITES_PER_TRANSACTION));
  }

  private async transact(writes: readonly ArticleWrite[]): Promise<void> {
    const version = (r: ArticleRevision) => ({
      Put: {
        TableName: this.tableName,
        Item: { ...keys.helpArticleVersion(r.locale, r.id, r.version), type: 'help-article-version', ...r },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    const items = writes.flatMap((w) => {
      const r = w.revision;
      const current = {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.helpArticle(r.locale, r.id), type: 'help-article', ...r },
          ...(w.replaces === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': w.replaces } }),
        },
      };
      return [current, ...(w.shipped ? [version(w.shipped)] : []), version(r)];
    });
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (e) {
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) {
        const ids = writes.map((w) => `${w.revision.locale}/${w.revision.id}`).join(', ');
        throw new ConflictError(`${ids}: changed by someone else meanwhile; reload and make your change again`);
      }
      throw e;
    }
  }

  private async all(input: Omit<QueryCommandInput, 'TableName'>): Promise<ArticleRevision[]> {
    const out: ArticleRevision[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(new QueryCommand({ ...input, TableName: this.tableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
      out.push(...(page.Items ?? []).map(revisionOf));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
