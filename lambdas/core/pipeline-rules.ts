/** What the pipeline reads for the routing rules, and their hit counts after a new message. */
import type { InboundCommit } from './plan-inbound';
import type { InboundStore } from './ports';
import { type ActiveRule, type RuleSource, rulesNeedCustomer } from './routing-rules';

export interface RuleContext {
  readonly rules?: readonly ActiveRule[];
  readonly customerTags?: readonly string[];
}

/** The rules (the source caches them), and the customer's tags only when a rule tests them. */
export async function readRuleContext(source: RuleSource | undefined, store: InboundStore, customerId: string | undefined): Promise<RuleContext> {
  const rules = source ? await source.activeRules() : [];
  if (!rules.length) return {};
  const customer = customerId && rulesNeedCustomer(rules) ? await store.getCustomer(customerId, 'recent') : undefined;
  return { rules, ...(customer?.tags?.length ? { customerTags: customer.tags } : {}) };
}

/** One hit per matching rule, for a message the ticket took just now (a replay counts nothing). */
export async function countRuleHits(source: RuleSource | undefined, commit: InboundCommit): Promise<void> {
  if (source && !commit.alreadyApplied && commit.ruleHits?.length) await source.countHits(commit.ruleHits);
}
