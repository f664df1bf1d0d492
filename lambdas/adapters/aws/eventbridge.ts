import { AwsClient, type AwsClientOptions } from './client';
import { callJson } from './json-protocol';

/** EventBridge's PutEvents (AWSEvents, awsJson1_1); AWS_ENDPOINT_URL_EVENTBRIDGE points it at a stand-in. */
export const EVENTBRIDGE_SERVICE = { signingName: 'events', endpointId: 'EVENTBRIDGE', hostPrefix: 'events', name: 'EventBridge' } as const;
const PROTOCOL = { targetPrefix: 'AWSEvents', version: '1.1' } as const;

export interface PutEventsRequestEntry {
  readonly Source: string;
  readonly DetailType: string;
  /** JSON text of an object. */
  readonly Detail: string;
  readonly EventBusName: string;
  /** Seconds since the epoch (the JSON protocol's timestamps). */
  readonly Time?: number;
  readonly Resources?: string[];
}

export interface PutEventsResultEntry {
  readonly EventId?: string;
  readonly ErrorCode?: string;
  readonly ErrorMessage?: string;
}

export interface PutEventsOutput {
  readonly FailedEntryCount?: number;
  /** One per entry sent, in order: an id, or why that entry was refused (the others went out). */
  readonly Entries?: PutEventsResultEntry[];
}

/** At most ten entries a call (and 256 KB together). */
export const PUT_EVENTS_MAX_ENTRIES = 10;

export class EventBridgeClient {
  readonly aws: AwsClient;

  constructor(aws: AwsClient | AwsClientOptions = {}) {
    this.aws = aws instanceof AwsClient ? aws : new AwsClient(EVENTBRIDGE_SERVICE, aws);
  }

  putEvents(entries: readonly PutEventsRequestEntry[]): Promise<PutEventsOutput> {
    return callJson<PutEventsOutput>(this.aws, PROTOCOL, 'PutEvents', { Entries: entries });
  }
}
