import * as z from 'zod';
import { channels } from '#definitions/channels';
import type { SlaSettings } from '#core/sla-policy';
import { type BusinessHoursConfig, businessHoursSchema, calendarSetting } from './business-hours';

const priorities = ['low', 'normal', 'high', 'urgent'] as const;
const hours = z
  .number()
  .positive()
  .max(24 * 365);

/**
 * One SLA policy (`sla.policies[]` in destek.config.json): which tickets it covers (priorities, and
 * optionally channels) and its targets in business hours. The first policy that matches a ticket is
 * its policy; a ticket no policy matches has the first-response hours of `sla.firstResponseHours` /
 * `sla.byPriority` and no next-response or resolution target.
 */
export const slaPolicySchema = z
  .object({
    /** What the metrics count breaches and escalations by: short, no `|`. */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,39}$/, 'a short name: letters, digits, space, _ . -'),
    priorities: z.array(z.enum(priorities)).min(1).optional(),
    channels: z.array(z.enum(channels)).min(1).optional(),
    firstResponseHours: hours.optional(),
    nextResponseHours: hours.optional(),
    resolutionHours: hours.optional(),
  })
  .strict();

/** The `sla` fields this issue adds beside firstResponseHours, byPriority and timeZone. */
export const slaPolicyFields = {
  policies: z
    .array(slaPolicySchema)
    .max(20)
    .default([])
    .refine((ps) => new Set(ps.map((p) => p.name)).size === ps.length, 'policy names must differ'),
  /** The share of a target's business time after which the assignee (or the team) is told: 0.8 is at 80%. */
  escalateAt: z.number().gt(0).lt(1).default(0.8),
};

/**
 * Named calendars (`calendars` in destek.config.json) a team can name (Team.calendar); `businessHours`
 * stays the default calendar, and without it the default is open all the time.
 */
export const calendarsSchema = z
  .record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'a calendar name: lowercase letters, digits and -'), businessHoursSchema)
  .refine((c) => Object.keys(c).length <= 8, 'at most 8 calendars (they travel in the functions’ environment)');

interface SlaConfig {
  readonly firstResponseHours: number;
  readonly byPriority: SlaSettings['byPriority'];
  readonly policies: readonly z.infer<typeof slaPolicySchema>[];
  readonly escalateAt: number;
}

/** What the functions get of the SLA (SLA_SETTINGS). */
export const slaSettings = (sla: SlaConfig): SlaSettings => ({
  firstResponseHours: sla.firstResponseHours,
  byPriority: sla.byPriority,
  policies: sla.policies,
  escalateAt: sla.escalateAt,
});

/** The named calendars as the functions get them (BUSINESS_CALENDARS). */
export const calendarsSetting = (calendars: Readonly<Record<string, BusinessHoursConfig>>, now = new Date()) =>
  Object.fromEntries(Object.entries(calendars).map(([name, c]) => [name, calendarSetting(c, now)]));
