import { randomUUID } from 'node:crypto';

export interface SesFeedbackSimulation {
  readonly type: 'Bounce' | 'Complaint';
  /** SES's id of the mail that bounced (what SendEmail answered). */
  readonly messageId: string;
  readonly recipients: readonly string[];
  /** The remote server's answer, for a bounce. */
  readonly diagnosticCode?: string;
  readonly configurationSet: string;
  /** The message tags the mail was sent with: SES publishes them with the event. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly region: string;
  readonly account: string;
}

/**
 * A bounce or complaint as the configuration set's EventBridge destination publishes it on the default
 * bus and the rule hands it to the events function (SES's event as the detail). The local SES does not
 * bounce; tests and simulations invoke the function with this through the local Lambda Invoke stand-in.
 */
export function sesFeedbackEvent(s: SesFeedbackSimulation) {
  const now = new Date().toISOString();
  const recipients = [...s.recipients];
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': s.type === 'Bounce' ? 'Email Bounced' : 'Email Complaint Received',
    source: 'aws.ses',
    account: s.account,
    time: now,
    region: s.region,
    resources: [],
    detail: {
      eventType: s.type,
      mail: {
        timestamp: now,
        messageId: s.messageId,
        destination: recipients,
        tags: { ...Object.fromEntries(Object.entries(s.tags ?? {}).map(([k, v]) => [k, [v]])), 'ses:configuration-set': [s.configurationSet] },
      },
      ...(s.type === 'Bounce'
        ? {
            bounce: {
              bounceType: 'Permanent',
              bounceSubType: 'General',
              timestamp: now,
              bouncedRecipients: recipients.map((emailAddress) => ({ emailAddress, ...(s.diagnosticCode ? { diagnosticCode: s.diagnosticCode } : {}) })),
            },
          }
        : { complaint: { timestamp: now, complaintFeedbackType: 'abuse', complainedRecipients: recipients.map((emailAddress) => ({ emailAddress })) } }),
    },
  };
}
