import type { OutboundQueue } from '#core/ports';
import type { Ticket } from '#core/model';
import { npsAskableBefore } from '#core/nps';
import { npsRequest, type NpsSettings } from './nps';
import type { NpsStore } from './nps-port';

/** What asking for and recording NPS needs (AgentApiDeps.nps; absent: NPS is off). */
export interface NpsDeps {
  readonly settings: NpsSettings;
  /** Signs the survey links (derived key 'nps-link'). */
  readonly key: string;
  /** The API's base URL the links point at. */
  readonly publicUrl: string;
  readonly store: NpsStore;
}

const DAY_MS = 86_400_000;

/**
 * After a resolution (and its CSAT request): the NPS survey, when the customer was not asked within
 * the interval. The claim on the customer, the survey and its interaction are one conditional write,
 * so two resolutions at once send one survey; a replay of the same resolution rebuilds the same
 * message and the sender delivers it once.
 */
export async function askForNps(nps: NpsDeps, outbound: OutboundQueue, t: Ticket, resolvedAt: string): Promise<'sent' | 'not_due' | 'off'> {
  if (!nps.settings.enabled || !t.customerAddress) return 'off';
  const expiresAt = new Date(Date.parse(resolvedAt) + nps.settings.linkDays * DAY_MS).toISOString();
  const { message, interaction } = npsRequest(t, {
    key: nps.key,
    publicUrl: nps.publicUrl,
    sentAt: resolvedAt,
    expiresAt,
    to: t.customerAddress,
    settings: nps.settings,
  });
  const survey = { ticketId: t.id, customerId: t.customerId, channel: t.channel, locale: t.locale, sentAt: resolvedAt, expiresAt };
  const started = await nps.store.startSurvey(survey, interaction, npsAskableBefore(resolvedAt, nps.settings.intervalDays));
  if (started === 'not_due') return 'not_due';
  await outbound.send(message);
  return 'sent';
}
