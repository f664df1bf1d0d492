import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { type BusinessCalendar, businessTimeBetween, type CalendarSetting, calendarFromSetting } from '#core/business-time';
import { type Api, must, type TicketWithTimeline } from '../../api';
import { useApp } from '../../context';
import { formatDateTime, t } from '../../i18n';

/** GET /sla/calendars (the document types a span as a list; it is a [start, end] pair). */
type Calendars = { readonly default: CalendarSetting | null; readonly named: Readonly<Record<string, CalendarSetting>> };
/** The SLA's calendars, read once per console (they change only with a deployment). */
const calendars = signal<Calendars | undefined>(undefined);
let loading: Promise<void> | undefined;
const load = (api: Api) => (loading ??= must(api.GET('/sla/calendars')).then((c) => void (calendars.value = c as unknown as Calendars)));

const TARGETS = ['first_response', 'next_response', 'resolution'] as const;
const HOUR_MS = 3_600_000;

/** Business time left to a due time in the ticket's calendar, the pipeline's own computation (core/business-time). */
function businessLeft(dueIso: string, calendar: BusinessCalendar | undefined, now: number): string {
  const ms = calendar ? businessTimeBetween(new Date(now), new Date(dueIso), calendar) : Date.parse(dueIso) - now;
  const hours = Math.floor(ms / HOUR_MS);
  const minutes = Math.round((ms % HOUR_MS) / 60_000);
  return t('slaBusinessLeft', { time: hours ? `${hours} h ${minutes} min` : `${minutes} min` });
}

/** Each target the ticket still owes: due time, business time left, and a notice once escalated or breached. */
export function SlaTargets({ ticket, now }: { ticket: TicketWithTimeline; now: number }) {
  const { api } = useApp();
  useEffect(() => void load(api).catch(() => undefined), [api]);
  const sla = ticket.sla;
  if (!sla) return null;
  const setting = sla.calendar ? calendars.value?.named[sla.calendar] : calendars.value?.default;
  const calendar = setting ? calendarFromSetting(setting) : undefined;
  const owed = TARGETS.filter((x) => sla.due[x]);
  return (
    <>
      {owed.map((x) => {
        const due = sla.due[x]!;
        return (
          <dd key={x} class="sla-target">
            {t(`slaTarget_${x}`)}: <time dateTime={due}>{formatDateTime(due)}</time>
            {Date.parse(due) > now && <span class="sla-left"> · {businessLeft(due, calendar, now)}</span>}
          </dd>
        );
      })}
      {sla.escalated
        .filter((x) => !sla.breached.includes(x) && sla.due[x])
        .map((x) => (
          <dd key={`esc-${x}`} class="sla escalated" role="status">
            {t('slaEscalatedNotice', { target: t(`slaTarget_${x}`) })}
          </dd>
        ))}
      {sla.breached
        .filter((x) => x !== 'first_response')
        .map((x) => (
          <dd key={`br-${x}`} class="sla breached" role="status">
            {t('slaBreachedNotice', { target: t(`slaTarget_${x}`) })}
          </dd>
        ))}
    </>
  );
}
