import type { Channel } from '#core/messages';
import type { Customer, Identity, Interaction, Priority, Ticket } from '#core/model';
import { METRIC_FACTS, SHARDS } from '#definitions/table';
import { keyPart } from '#core/bounds';
import { derivedFacts, type TicketFacts } from '#agent/metrics';
import type { OpenTicketEntry } from '#agent/ticket-counts';

export const TEAMS = 'TEAMS';
export const AUDIT_PREFIX = 'AUDIT#';
export const AGENT_PROFILES = 'AGENTS';
export const ROUTING_RULES = 'RULES';
export const MACROS = 'MACROS';

/** FNV-1a: a stable, well-spread hash of the ticket id, the same in every runtime. */
function fnv1a(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The view shard a ticket is listed in. */
export const viewShard = (ticketId: string): number => fnv1a(ticketId) % SHARDS.ticketViews;

/** A view's partition key in one shard, e.g. `STATUS#open#3`. */
export const shardKey = (view: string, shard: number): string => `${view}#${shard}`;

/** Every shard's partition key of a view: what a read queries and merges. */
export const viewShardKeys = (view: string): string[] => Array.from({ length: SHARDS.ticketViews }, (_, i) => shardKey(view, i));

/** The unsharded view keys; the index partition key is the view plus the ticket's shard. */
export const views = {
  status: (status: string) => `STATUS#${status}`,
  createdMonth: (month: string) => `CREATED#${month}`,
  /** Every customer, newest first: on byCustomer, whose other partitions are one customer's each. */
  customers: 'CUSTOMERS',
};

/**
 * A customer profile, listed on byCustomer under `CUSTOMERS#<shard>` by creation time, newest first:
 * one small index entry written once (the keys never change, and a profile holds none of the index's
 * other attributes). Sharded like the ticket views, so new customers never crowd one partition.
 */
export function customerItem(c: Customer, identities: readonly Identity[] = []): Record<string, unknown> {
  return {
    ...keys.customer(c.id),
    type: 'customer',
    ...c,
    ...(identities.length ? { [IDENTITY_LIST]: new Set(identities.map(identityListEntry)) } : {}),
    gsi2pk: shardKey(views.customers, viewShard(c.id)),
    gsi2sk: `${c.createdAt}#${c.id}`,
  };
}

/**
 * A customer's identities are listed on the profile, a string set of `<channel>#<address>`, not as
 * index entries of their own: an identity item is then one write unit instead of two, on every first
 * message. The set is outside byCustomer's projection, so adding to it writes no index entry.
 */
export const IDENTITY_LIST = 'identityList';

export const identityListEntry = (i: Pick<Identity, 'channel' | 'address'>) => `${i.channel}#${i.address}`;

export function identityFromListEntry(entry: string, customerId: string): Identity {
  const at = entry.indexOf('#');
  return { channel: entry.slice(0, at) as Identity['channel'], address: entry.slice(at + 1), customerId };
}

/**
 * The intent as tickets written before it had an attribute of its own carry it: `gsi6pk`,
 * `INTENT#<intent>#<status>[#<shard>]` (the key of the byIntent index, gone since). What begins with
 * this prefix has that intent.
 */
export const legacyIntentPrefix = (intent: string): string => `INTENT#${intent}#`;

/** The intent a ticket item's view and metric readers see: its own attribute, else the legacy key's. */
export function intentOfEntry(e: Record<string, unknown>): string | undefined {
  if (typeof e.intent === 'string') return e.intent;
  return typeof e.gsi6pk === 'string' ? e.gsi6pk.split('#')[1] : undefined;
}

/**
 * Key layout of the single table (see lambdas/definitions/table.ts). A part someone else chose (an
 * address, a conversation or message id) goes through keyPart: over 900 bytes it is its SHA-256, so no
 * key passes DynamoDB's 2,048-byte limit and readers and writers build the same key.
 */
export const keys = {
  customer: (id: string) => ({ pk: `CUSTOMER#${id}`, sk: 'PROFILE' }),
  identity: (channel: Identity['channel'], address: string) => ({
    pk: `IDENTITY#${channel}#${keyPart(normaliseAddress(channel, address))}`,
    sk: 'IDENTITY',
  }),
  ticket: (id: string) => ({ pk: `TICKET#${id}`, sk: 'TICKET' }),
  /** `key` is the domain's interaction id (Interaction.key, OutboundMessage.interactionKey), either form. */
  interaction: (ticketId: string, key: string) => ({ pk: `TICKET#${ticketId}`, sk: interactionSortKey(key) }),
  /** A conversation's ticket; an e-mail conversation's is on its conversation item (emailConversation) since this version. */
  thread: (channel: Channel, conversationKey: string) => ({ pk: `THREAD#${channel}#${keyPart(conversationKey)}`, sk: 'THREAD' }),
  /** An e-mail conversation: the ingest's threading record (ids, references, subject) and its ticket (ticketId). */
  emailConversation: (conversationKey: string) => ({ pk: `EMAILCONV#${keyPart(conversationKey)}`, sk: 'EMAILCONV' }),
  message: (messageKey: string) => ({ pk: `MESSAGE#${keyPart(messageKey)}`, sk: 'MESSAGE' }),
  ticketCounter: (k: number) => ({ pk: `COUNTER#ticket#${k}`, sk: 'COUNTER' }),
  canned: (locale: string, id: string) => ({ pk: `CANNED#${locale}`, sk: id }),
  answer: (intent: string, locale: string) => ({ pk: `ANSWER#${intent}`, sk: locale }),
  replyGuard: (ticketId: string, key: string) => ({ pk: `REPLY#${ticketId}#${key}`, sk: 'REPLY' }),
  csat: (ticketId: string) => ({ pk: `CSAT#${ticketId}`, sk: 'CSAT' }),
  /** Every team in one partition (a shop has a handful): listed with one Query. */
  team: (id: string) => ({ pk: TEAMS, sk: id }),
  /** Every agent's profile (presence, capacity, e-mail) in one partition. */
  agentProfile: (agentId: string) => ({ pk: AGENT_PROFILES, sk: agentId }),
  /** Every routing rule in one partition, with their order (a shop has tens): the pipeline reads them with one Query. */
  rule: (id: string) => ({ pk: ROUTING_RULES, sk: id }),
  ruleOrder: () => ({ pk: ROUTING_RULES, sk: '#order' }),
  /** A rule's hit counter: one item per rule, so no rule's counting slows another's. */
  ruleHits: (id: string) => ({ pk: `RULEHITS#${id}`, sk: 'HITS' }),
  /** Every macro in one partition. */
  macro: (id: string) => ({ pk: MACROS, sk: id }),
  merge: (from: string) => ({ pk: `MERGE#${from}`, sk: 'MERGE' }),
  /** An audit record: a month's records are one partition, newest last (`<at>#<id>`), read back newest first. */
  audit: (at: string, id: string) => ({ pk: `${AUDIT_PREFIX}${at.slice(0, 7)}`, sk: `${at}#${id}` }),
  /**
   * An agent's authorised live socket. All of them share one partition, so the push reads them with one
   * Query: a team's agents are tens to hundreds of connections, written once per sign-in or token renewal.
   */
  agentConnection: (connectionId: string) => ({ pk: AGENT_CONNECTIONS, sk: connectionId }),
  /** A help center article's current revision: a locale's articles are one partition, listed with one Query. */
  helpArticle: (locale: string, id: string) => ({ pk: `HELPARTICLES#${locale}`, sk: id }),
  /** One version of an article, kept apart so the current item stays small; zero-padded so they sort. */
  helpArticleVersion: (locale: string, id: string, version: number) => ({
    pk: `HELPARTICLE#${locale}#${id}`,
    sk: `${HELP_VERSION_PREFIX}${String(version).padStart(6, '0')}`,
  }),
  /** The site publisher's state: what was asked for, what is rendered, who renders now (one item). */
  helpSite: () => ({ pk: 'HELPSITE', sk: 'STATE' }),
  /** Which article the bot links per intent and locale, as the last rendering published it. */
  helpLinks: () => ({ pk: 'HELPSITE', sk: 'LINKS' }),
  /** The published articles' ids, slugs and titles per locale, as the last rendering published them (the event route, the metrics). */
  helpCatalogue: () => ({ pk: 'HELPSITE', sk: 'ARTICLES' }),
};

/** The sort-key prefix of an article's versions. */
export const HELP_VERSION_PREFIX = 'V#';

/** A help-center counter item of a day: an article's (A) or a no-result query's (Q), in the shard of its subject. */
export function helpStatKey(day: string, subject: { article: string } | { query: string }, locale: string): { pk: string; sk: string } {
  const rest = 'article' in subject ? `A#${locale}#${subject.article}` : `Q#${locale}#${keyPart(subject.query)}`;
  return { pk: `${HELP_STATS}#${fnv1a(rest) % SHARDS.helpStats}`, sk: `${day}#${rest}` };
}

/** The help center's counter partitions (HELPSTATS#<shard>): what a read of a range queries. */
export const HELP_STATS = 'HELPSTATS';

/** The partition of the agents' live sockets. */
export const AGENT_CONNECTIONS = 'AGENTLIVE';

const TICKET_PREFIX = 'TICKET#';

/** The ticket a changed item belongs to, from its partition key (ticket and interaction items); else undefined. */
export const ticketIdOfPartitionKey = (pk: string | undefined): string | undefined =>
  pk?.startsWith(TICKET_PREFIX) && pk.length > TICKET_PREFIX.length ? pk.slice(TICKET_PREFIX.length) : undefined;

/** The sort-key prefix of a ticket's interactions (and of their entries in the customer's index). */
export const INTERACTION_PREFIX = 'INTERACTION#';

/**
 * An interaction's sort key on its ticket: the prefix, then the domain's id (`<time>#<id>`), so a
 * timeline is one ordered Query. Items, queued messages and callback data written before the domain's
 * id lost the prefix carry it already: it is added once, never twice.
 */
export const interactionSortKey = (key: string): string => (key.startsWith(INTERACTION_PREFIX) ? key : `${INTERACTION_PREFIX}${key}`);

/** The domain's interaction id from a sort key, or from an id stored with the prefix by an earlier version. */
export const interactionIdOf = (sortKeyOrId: string): string =>
  sortKeyOrId.startsWith(INTERACTION_PREFIX) ? sortKeyOrId.slice(INTERACTION_PREFIX.length) : sortKeyOrId;

/** E-mail addresses are case-insensitive in practice; other channel ids are kept as given. */
export function normaliseAddress(channel: Identity['channel'], address: string): string {
  return channel === 'email' ? address.trim().toLowerCase() : address;
}

/**
 * Storage attributes fromItem strips (gsi3sk, gsi4pk, gsi5sk, gsi6sk: tickets written before the views
 * shared their keys; gsi5pk, gsi6pk: before the channel and intent views became filters of byStatus).
 */
export const KEY_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'type',
  'gsi4pk',
  'gsi4sk',
  'gsi5pk',
  'gsi5sk',
  'gsi6pk',
  'gsi6sk',
  'gsi7pk',
  'gsi7sk',
  IDENTITY_LIST,
] as const;

/** The derived metric facts (agent/metrics derivedFacts) the ticket item carries for byCreated; fromItem strips them. */
const DERIVED_FACTS = ['singleContact', 'agentReplied', 'csatScore', 'agentReplyCounts'] as const;
/**
 * What a ticket item carries for its views and metrics beside the domain's fields: the derived facts,
 * and the intent (classification.intent) as a small top-level attribute the indexes hold.
 */
const TICKET_VIEW_ATTRIBUTES = [...DERIVED_FACTS, 'intent'] as const;
/** The facts an entry may lack: every fact byCreated holds but those every ticket has and the intent (read apart). */
const ALWAYS_PRESENT: readonly string[] = ['channel', 'status', 'createdAt', 'intent', 'gsi6pk'];
const OPTIONAL_FACTS = METRIC_FACTS.filter((k) => !ALWAYS_PRESENT.includes(k));

/**
 * A ticket's metric facts from its byCreated entry; undefined for a resolved ticket written before the
 * index held its facts (no singleContact), whose facts come from its whole item.
 */
export function factsFromIndexEntry(e: Record<string, unknown>): TicketFacts | undefined {
  if (e.firstResolvedAt !== undefined && typeof e.singleContact !== 'boolean') return undefined;
  const facts: Record<string, unknown> = { id: String(e.pk).slice('TICKET#'.length), channel: e.channel, status: e.status, createdAt: e.createdAt };
  const intent = intentOfEntry(e);
  if (intent !== undefined) facts.intent = intent;
  for (const k of OPTIONAL_FACTS) if (e[k] !== undefined) facts[k] = e[k];
  return facts as unknown as TicketFacts;
}

/** Work-queue order: urgent first. */
export const PRIORITY_RANK = { urgent: 0, high: 1, normal: 2, low: 3 } as const;
const PRIORITY_OF_RANK = Object.fromEntries(Object.entries(PRIORITY_RANK).map(([p, r]) => [String(r), p])) as Record<string, Priority>;

/** What byQueue's entries project beside their keys (a projection for the counts' Queries). */
export const QUEUE_ENTRY_ATTRIBUTES = ['pk', 'gsi4sk', 'assignee', 'channel', 'slaBreachedAt', 'intent', 'gsi6pk'] as const;

/** An open ticket as its byQueue entry tells it: the priority and due time come from the sort key. */
export function openEntryFromQueueIndex(e: Record<string, unknown>): OpenTicketEntry {
  const [rank, due] = String(e.gsi4sk).split('#');
  const intent = intentOfEntry(e);
  return {
    id: String(e.pk).slice('TICKET#'.length),
    priority: PRIORITY_OF_RANK[rank!] ?? 'normal',
    firstResponseDueAt: due ?? '',
    channel: e.channel as Channel,
    ...(typeof e.assignee === 'string' ? { assignee: e.assignee } : {}),
    ...(intent !== undefined ? { intent } : {}),
    breached: e.slaBreachedAt !== undefined,
  };
}

/** byAssignee's partition of a team's tickets nobody holds, per status. */
export const teamQueueKey = (team: string, status: string): string => `TEAMQUEUE#${team}#${status}`;

export function ticketItem(t: Ticket): Record<string, unknown> {
  const shard = viewShard(t.id);
  // One attribute per distinct value: byStatus and byQueue share the status shard (gsi1pk), and the
  // last-update order (gsi1sk) sorts byStatus and byAssignee. The channel and intent views filter
  // byStatus on `channel` and `intent`, which change only with the ticket's channel or reading, so a
  // follow-up moves one entry (byStatus: a delete and a put), not three.
  return {
    ...keys.ticket(t.id),
    type: 'ticket',
    gsi1pk: shardKey(views.status(t.status), shard),
    gsi1sk: `${t.updatedAt}#${t.id}`,
    gsi2pk: `CUSTOMER#${t.customerId}`,
    gsi2sk: `TICKET#${t.createdAt}#${t.id}`,
    // byAssignee: an agent's tickets, or a team's that nobody holds yet (its waiting queue).
    ...(t.assignee ? { gsi3pk: `ASSIGNEE#${t.assignee}#${t.status}` } : t.team ? { gsi3pk: teamQueueKey(t.team, t.status) } : {}),
    gsi4sk: `${PRIORITY_RANK[t.priority]}#${t.firstResponseDueAt}#${t.id}`,
    ...(t.classification ? { intent: t.classification.intent } : {}),
    gsi7pk: shardKey(views.createdMonth(t.createdAt.slice(0, 7)), shard),
    gsi7sk: `${t.createdAt}#${t.id}`,
    ...derivedFacts(t),
    ...t,
  };
}

/**
 * An identity: which customer an address is. Its customer lists it (IDENTITY_LIST); identities written
 * before that are also entries of byCustomer (`IDENTITY#…`), which the agent store still reads.
 */
export function identityItem(i: Identity): Record<string, unknown> {
  return { ...keys.identity(i.channel, i.address), type: 'identity', ...i };
}

/** The byCustomer sort-key prefix of identities written before the profile listed them. */
export const LEGACY_IDENTITY_PREFIX = 'IDENTITY#';

/**
 * An interaction, listed under its customer (byCustomer). Its id, ticket and customer are in its keys
 * (sk, pk, gsi2pk) and are not stored twice, and its kind of item is its sort key's prefix (no `type`): a message's item stays under 1 KB (one write unit)
 * more often; fromItem reads them back from the keys.
 */
export function interactionItem(i: Interaction): Record<string, unknown> {
  const { key, ticketId, customerId, ...rest } = i;
  const sk = interactionSortKey(key);
  return { ...keys.interaction(ticketId, key), gsi2pk: `CUSTOMER#${customerId}`, gsi2sk: sk, ...rest };
}

/**
 * Strips the storage keys, leaving the domain object. Interactions and tickets stored by an earlier
 * version carry the interaction's id with the sort-key prefix (key, lastDeliveryFailure.interactionKey):
 * it is read back as the domain's id.
 */
export function fromItem<T>(item: Record<string, unknown>): T {
  const copy: Record<string, unknown> = { ...item };
  for (const k of KEY_ATTRIBUTES) delete copy[k];
  // Only a ticket: other items have an intent of their own (an answer override's).
  if (item.sk === keys.ticket('').sk) for (const k of TICKET_VIEW_ATTRIBUTES) delete copy[k];
  const interaction = item.type === 'interaction' || String(item.sk).startsWith(INTERACTION_PREFIX);
  if (interaction) {
    // Written since interactions keep their id, ticket and customer in their keys only.
    copy.key = interactionIdOf(typeof copy.key === 'string' ? copy.key : String(item.sk));
    copy.ticketId ??= String(item.pk).slice('TICKET#'.length);
    if (copy.customerId === undefined && typeof item.gsi2pk === 'string') copy.customerId = item.gsi2pk.slice('CUSTOMER#'.length);
  }
  const failure = copy.lastDeliveryFailure as { interactionKey?: unknown } | undefined;
  if (failure && typeof failure.interactionKey === 'string') copy.lastDeliveryFailure = { ...failure, interactionKey: interactionIdOf(failure.interactionKey) };
  return copy as T;
}
