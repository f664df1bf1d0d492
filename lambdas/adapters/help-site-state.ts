import { ConditionalCheckFailedException, type DocumentClient, GetCommand, PutCommand, UpdateCommand } from '#adapters/aws/dynamodb';
import type { PublishState } from '#core/help-site';
import type { ArticleCatalogue, ArticleLinks } from '#helpcenter/articles';
import { keys } from './table-keys';

const isConditionFailure = (e: unknown) => e instanceof ConditionalCheckFailedException || (e as Error)?.name === 'ConditionalCheckFailedException';

/**
 * The site publisher's one state item (`HELPSITE` / `STATE`): `wanted` counts the rebuilds asked for,
 * `done` the last one rendered, `owner` and `leaseUntil` who renders now. Every step is one
 * conditional UpdateItem, so two runs never both hold the lease and a count is never lost.
 */
export class DynamoPublishState implements PublishState {
  constructor(
    private readonly doc: DocumentClient,
    private readonly tableName: string,
  ) {}

  /** One more rebuild asked for (the agent API, after a change is stored). */
  async request(): Promise<number> {
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.helpSite(),
        UpdateExpression: 'ADD wanted :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.wanted ?? 0);
  }

  async acquire(owner: string, now: Date, leaseMs: number) {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.helpSite(),
          UpdateExpression: 'SET #owner = :owner, leaseUntil = :until',
          ConditionExpression: 'attribute_not_exists(#owner) OR leaseUntil < :now',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner, ':until': now.getTime() + leaseMs, ':now': now.getTime() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { wanted: Number(out.Attributes?.wanted ?? 0), done: Number(out.Attributes?.done ?? 0) };
    } catch (e) {
      if (isConditionFailure(e)) return undefined;
      throw e;
    }
  }

  async release(owner: string, rendered: number, now: Date, leaseMs: number) {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.helpSite(),
          UpdateExpression: 'SET done = :rendered REMOVE #owner, leaseUntil',
          ConditionExpression: '#owner = :owner AND (attribute_not_exists(wanted) OR wanted <= :rendered)',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner, ':rendered': rendered },
        }),
      );
      return { released: true as const };
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.helpSite(),
          UpdateExpression: 'SET done = :rendered, leaseUntil = :until',
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner, ':rendered': rendered, ':until': now.getTime() + leaseMs },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { released: false as const, wanted: Number(out.Attributes?.wanted ?? 0) };
    } catch (e) {
      // The lease expired and another run took it: that run renders what was asked for.
      if (isConditionFailure(e)) return { released: true as const };
      throw e;
    }
  }

  async saveLinks(links: ArticleLinks): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.helpLinks(), type: 'help-links', links } }));
  }

  async saveCatalogue(catalogue: ArticleCatalogue): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.helpCatalogue(), type: 'help-catalogue', articles: catalogue } }));
  }
}

/** The bot's article links as the last rendering published them; undefined before any. */
export async function readArticleLinks(doc: DocumentClient, tableName: string): Promise<ArticleLinks | undefined> {
  const out = await doc.send(new GetCommand({ TableName: tableName, Key: keys.helpLinks() }));
  return out.Item ? (out.Item.links as ArticleLinks) : undefined;
}

/** The published articles as the last rendering published them; undefined before any. */
export async function readArticleCatalogue(doc: DocumentClient, tableName: string): Promise<ArticleCatalogue | undefined> {
  const out = await doc.send(new GetCommand({ TableName: tableName, Key: keys.helpCatalogue() }));
  return out.Item ? (out.Item.articles as ArticleCatalogue) : undefined;
}
