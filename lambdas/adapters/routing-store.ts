import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DocumentClient } from '#adapters/aws/dynamodb';
import type { MacroStore, RuleStore } from '#agent/ports';
import type { Macro } from '#core/macros';
import type { ActiveRule, RoutingRule, RuleSource } from '#core/routing-rules';
import { keys, MACROS, ROUTING_RULES } from './table-keys';

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as T;
};

const ORDER_SK = keys.ruleOrder().sk;

/** Every item of a partition (rules and their order; macros): a shop has tens of each. */
async function partition(db: DocumentClient, table: string, pk: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ExclusiveStartKey: start }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The rules in the admins' order; one missing from the order (a write that stopped half-way) goes last, oldest first. */
async function orderedRules(db: DocumentClient, table: string): Promise<RoutingRule[]> {
  const items = await partition(db, table, ROUTING_RULES);
  const order = (items.find((i) => i.sk === ORDER_SK)?.ids as string[] | undefined) ?? [];
  const rules = items.filter((i) => i.sk !== ORDER_SK).map((i) => strip<RoutingRule>(i));
  const rank = (r: RoutingRule) => {
    const i = order.indexOf(r.id);
    return i < 0 ? order.length : i;
  };
  return rules.sort((a, b) => rank(a) - rank(b) || a.createdAt.localeCompare(b.createdAt));
}

export function dynamoRuleStore(db: DocumentClient, table: string): RuleStore {
  return {
    listRules: () => orderedRules(db, table),
    async getRule(id) {
      const out = await db.send(new GetCommand({ TableName: table, Key: keys.rule(id), ConsistentRead: true }));
      return out.Item ? strip<RoutingRule>(out.Item) : undefined;
    },
    async putRule(rule, isNew) {
      await db.send(new PutCommand({ TableName: table, Item: { ...keys.rule(rule.id), type: 'rule', ...rule } }));
      if (!isNew) return;
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.ruleOrder(),
          UpdateExpression: 'SET ids = list_append(if_not_exists(ids, :none), :id)',
          ExpressionAttributeValues: { ':none': [], ':id': [rule.id] },
        }),
      );
    },
    async deleteRule(id) {
      // The order keeps the id until the next reorder; a missing rule is skipped when read.
      const out = await db.send(new DeleteCommand({ TableName: table, Key: keys.rule(id), ReturnValues: 'ALL_OLD' }));
      return Boolean(out.Attributes);
    },
    async setRuleOrder(ids) {
      await db.send(new PutCommand({ TableName: table, Item: { ...keys.ruleOrder(), type: 'rule-order', ids: [...ids] } }));
    },
    async ruleHits(ids) {
      const counts = await Promise.all(ids.map((id) => db.send(new GetCommand({ TableName: table, Key: keys.ruleHits(id) }))));
      return Object.fromEntries(ids.map((id, i) => [id, Number(counts[i]?.Item?.hits ?? 0)]));
    },
  };
}

export function dynamoMacroStore(db: DocumentClient, table: string): MacroStore {
  return {
    listMacros: async () => (await partition(db, table, MACROS)).map((i) => strip<Macro>(i)).sort((a, b) => a.name.localeCompare(b.name, 'tr')),
    async getMacro(id) {
      const out = await db.send(new GetCommand({ TableName: table, Key: keys.macro(id), ConsistentRead: true }));
      return out.Item ? strip<Macro>(out.Item) : undefined;
    },
    async putMacro(macro) {
      await db.send(new PutCommand({ TableName: table, Item: { ...keys.macro(macro.id), type: 'macro', ...macro } }));
    },
    async deleteMacro(id) {
      const out = await db.send(new DeleteCommand({ TableName: table, Key: keys.macro(id), ReturnValues: 'ALL_OLD' }));
      return Boolean(out.Attributes);
    },
  };
}

/** How long a pipeline container trusts the rules it read. */
export const RULES_MAX_AGE_MS = 15_000;

/**
 * The pipeline's rules: the enabled ones in order, each with its canned reply's texts (one Query and
 * a GetItem per canned response), read again after `maxAgeMs`. A rule change reaches every container
 * within that time; between, a message costs no read for the rules.
 */
export function dynamoRuleSource(db: DocumentClient, table: string, maxAgeMs = RULES_MAX_AGE_MS, now = Date.now): RuleSource {
  let cached: { rules: Promise<ActiveRule[]>; at: number } | undefined;
  const load = async (): Promise<ActiveRule[]> => {
    const rules = (await orderedRules(db, table)).filter((r) => r.enabled);
    return Promise.all(
      rules.map(async (r) => {
        if (!r.actions.cannedReply) return r;
        const entries = await Promise.all(
          Object.entries(r.actions.cannedReply).map(async ([locale, id]) => {
            const out = await db.send(new GetCommand({ TableName: table, Key: keys.canned(locale, id) }));
            return out.Item ? ([locale, String(out.Item.text)] as const) : undefined;
          }),
        );
        const texts = entries.filter((e) => e !== undefined);
        return texts.length ? { ...r, cannedTexts: Object.fromEntries(texts) } : r;
      }),
    );
  };
  return {
    activeRules() {
      if (!cached || now() - cached.at > maxAgeMs) {
        const rules = load();
        cached = { rules, at: now() };
        // A failed read is not kept: the next message reads again.
        rules.catch(() => (cached = undefined));
      }
      return cached.rules;
    },
    async countHits(ids) {
      await Promise.all(
        ids.map((id) =>
          db.send(new UpdateCommand({ TableName: table, Key: keys.ruleHits(id), UpdateExpression: 'ADD hits :one', ExpressionAttributeValues: { ':one': 1 } })),
        ),
      );
    },
  };
}
