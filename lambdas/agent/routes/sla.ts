import { json } from '#http/http';
import { slaCalendarsSchema } from '#agent/responses';
import { route } from '#agent/router';

/** What the console needs to count business time the way the pipeline set the due times. */
export const slaRoutes = [
  route({
    method: 'GET',
    path: '/sla/calendars',
    summary:
      "The SLA's calendars (the default and the named ones teams count in), as the functions compute with them: weekly open spans in minutes and closed days by year; a ticket's sla.calendar names one",
    access: 'agent',
    responds: { status: 200, description: 'the calendars; default null: open all the time', schema: slaCalendarsSchema },
    handle: async (_ctx, deps) => json(200, { default: deps.sla?.calendars.default ?? null, named: deps.sla?.calendars.named ?? {} }),
  }),
];
