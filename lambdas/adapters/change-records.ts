import type { DynamoDBRecord } from 'aws-lambda';
import type { NpsAnswerFact, StoredChange } from '#core/change-events';
import type { Customer, Interaction, Ticket } from '#core/model';
import { type AttributeMap, unmarshall } from './aws/dynamodb-marshall';
import { npsKeys } from './nps-store';
import { fromItem, INTERACTION_PREFIX, keys } from './table-keys';

const TICKET_SK = keys.ticket('').sk;
const PROFILE_SK = keys.customer('').sk;
const NPS_ANSWER_PREFIX = npsKeys.answer('', '', '').sk.slice(0, 'NPS#'.length);

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;
const image = (i: Image | undefined): Record<string, unknown> | undefined => (i ? unmarshall(i as AttributeMap) : undefined);

/**
 * A stream record as the domain's change of a ticket, an interaction or a customer profile; undefined
 * for any other item. The record's eventID names the change: a retried batch carries the same one.
 */
export function storedChangeOf(record: DynamoDBRecord): StoredChange | undefined {
  const d = record.dynamodb;
  const pk = d?.Keys?.pk?.S;
  const sk = d?.Keys?.sk?.S;
  if (!d || !pk || !sk || !record.eventID) return undefined;
  const before = image(d.OldImage);
  const after = image(d.NewImage);
  const changeId = record.eventID;
  const as = <T>(item: Record<string, unknown> | undefined) => (item ? fromItem<T>(item) : undefined);
  const optional = <K extends string, T>(key: K, value: T | undefined) => (value ? ({ [key]: value } as { [P in K]: T }) : {});
  if (pk.startsWith('TICKET#') && sk === TICKET_SK)
    return { kind: 'ticket', changeId, ...optional('before', as<Ticket>(before)), ...optional('after', as<Ticket>(after)) };
  if (pk.startsWith('TICKET#') && sk.startsWith(INTERACTION_PREFIX))
    return { kind: 'interaction', changeId, ...optional('before', as<Interaction>(before)), ...optional('after', as<Interaction>(after)) };
  // An NPS answer is written once (conditionally): its insert is the event.
  if (pk.startsWith('CUSTOMER#') && sk.startsWith(NPS_ANSWER_PREFIX) && after?.type === 'nps_answer')
    return { kind: 'npsAnswer', changeId, customerId: pk.slice('CUSTOMER#'.length), ...optional('after', before ? undefined : as<NpsAnswerFact>(after)) };
  if (pk.startsWith('CUSTOMER#') && sk === PROFILE_SK) {
    // The stream's creation time is the change's (rounded to the second; the minute in DynamoDB Local).
    const at = new Date((d.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000).toISOString();
    return { kind: 'customer', changeId, at, ...optional('before', as<Customer>(before)), ...optional('after', as<Customer>(after)) };
  }
  return undefined;
}
