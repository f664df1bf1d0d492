import type { QueryStringProps } from 'aws-cdk-lib/aws-logs';

/**
 * The Logs Insights queries the README's "Observability" section names, saved in the stack over every
 * function's log group. The fields are what the handlers log (Powertools JSON) and Lambda's REPORT lines.
 */
export const logQueries: Readonly<Record<string, QueryStringProps>> = {
  'messages per hour': {
    fields: ['@timestamp', 'status', 'createdTicket', 'ticketId'],
    filterStatements: ['message = "inbound processed"'],
    statsStatements: ['count(*) as messages, sum(status = "duplicate") as replays, sum(createdTicket) as newTickets by bin(1h)'],
  },
  // Edit the ticket id before running.
  'one ticket': {
    fields: ['@timestamp', '@log', 'message', 'status', 'result'],
    filterStatements: ['ticketId = "10001"'],
    sort: '@timestamp asc',
  },
  errors: {
    fields: ['@timestamp', '@log', 'message', 'error.name', 'error.message'],
    filterStatements: ['level = "ERROR"'],
    sort: '@timestamp desc',
    limit: 50,
  },
  'why records failed': {
    fields: ['@timestamp', '@log', 'messageId', 'receiveCount', 'error.name', 'error.message'],
    filterStatements: ['message = "record failed"'],
    sort: '@timestamp desc',
    limit: 50,
  },
  'failed sends': {
    fields: ['@timestamp', 'outboundId', 'ticketId'],
    filterStatements: ['message = "outbound delivered" and result = "failed"'],
    sort: '@timestamp desc',
    limit: 50,
  },
  'what the bot did': {
    fields: ['intent', 'confidence', 'engine', 'handling', 'botAnswered', 'priority'],
    filterStatements: ['message = "inbound processed" and status = "stored"'],
    statsStatements: ['count(*) as messages, avg(confidence) as meanConfidence, sum(botAnswered) as answeredByBot by intent, engine'],
    sort: 'messages desc',
  },
  'slowest invocations': {
    fields: ['@timestamp', '@log', '@duration', '@maxMemoryUsed', '@initDuration'],
    filterStatements: ['@type = "REPORT"'],
    sort: '@duration desc',
    limit: 20,
  },
};
