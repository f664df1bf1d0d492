import { describe, expect, it } from 'vitest';
import { feedbackFromEventBridge } from '#channels/email/feedback';
import { receiptNotificationsFromLambdaEvent, verdictsOf } from '#channels/email/notification';
import { PoisonMessageError } from '#core/errors';
import { deriveKey } from '#config/keys';
import { functionNameOf } from '#local/lambda-invoke';
import { sesFeedbackEvent } from '#local/ses-events';
import { sesReceiptEvent } from '#local/smtp';

const stored = { bucket: 'inbound-mail', prefix: 'inbound/' };

describe('the events AWS services invoke functions with', () => {
  it("reads SES's receipt-rule Lambda event as the stored mail's notification: S3 location from the rule's prefix and SES's message id, verdicts kept", () => {
    const event = sesReceiptEvent({
      raw: Buffer.from('X-SES-Spam-Verdict: FAIL\r\n\r\nhi'),
      sesId: 'abc123',
      timestamp: '2026-12-06T10:00:00.000Z',
      source: 'a@example.com',
      recipients: ['destek@shop.example'],
      functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:ingest',
    });
    const [n, ...rest] = receiptNotificationsFromLambdaEvent(event, stored);
    expect(rest).toEqual([]);
    expect(n!.receipt.action).toMatchObject({ type: 'S3', bucketName: 'inbound-mail', objectKey: 'inbound/abc123' });
    expect(n!.mail).toMatchObject({ messageId: 'abc123', source: 'a@example.com', destination: ['destek@shop.example'] });
    expect(verdictsOf(n!)).toMatchObject({ spam: 'FAIL', virus: 'PASS', spf: 'GRAY' });
  });

  it('refuses an event that is not an SES receipt event as poison (it can never succeed)', () => {
    expect(() => receiptNotificationsFromLambdaEvent({ Records: [{ eventSource: 'aws:sqs', body: '{}' }] }, stored)).toThrow(PoisonMessageError);
    expect(() => receiptNotificationsFromLambdaEvent({ Records: [] }, stored)).toThrow(PoisonMessageError);
  });

  it("reads a bounce from the EventBridge event's detail, and refuses an event without one", () => {
    const detail = {
      eventType: 'Bounce',
      mail: { messageId: 'm-1', destination: ['x@example.com'] },
      bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'x@example.com' }] },
    };
    expect(feedbackFromEventBridge({ 'detail-type': 'Email Bounced', source: 'aws.ses', detail })).toMatchObject({
      eventType: 'Bounce',
      mail: { messageId: 'm-1' },
    });
    expect(() => feedbackFromEventBridge({ 'detail-type': 'Email Bounced' })).toThrow(PoisonMessageError);
  });

  it('the local Invoke stand-in finds a function by name, full or partial ARN, with or without a qualifier', () => {
    expect(functionNameOf('slaCheck')).toBe('slaCheck');
    expect(functionNameOf('arn:aws:lambda:us-east-1:000000000000:function:slaCheck')).toBe('slaCheck');
    expect(functionNameOf('arn:aws:lambda:us-east-1:000000000000:function:slaCheck:$LATEST')).toBe('slaCheck');
    expect(functionNameOf('000000000000:function:emailIngest')).toBe('emailIngest');
  });
});

describe('the keys derived from the master key', () => {
  it('are stable, differ per purpose and per master, and refuse a short master', () => {
    const master = 'm'.repeat(64);
    expect(deriveKey(master, 'csat-link')).toBe(deriveKey(master, 'csat-link'));
    expect(
      new Set([deriveKey(master, 'csat-link'), deriveKey(master, 'chat-shop'), deriveKey(master, 'chat-visitor-token'), deriveKey(master, 'email-reply-token')])
        .size,
    ).toBe(4);
    expect(deriveKey(master, 'csat-link')).not.toBe(deriveKey('n'.repeat(64), 'csat-link'));
    expect(() => deriveKey('short', 'csat-link')).toThrow(/too short/);
  });
});

describe('the simulated SES feedback events', () => {
  it('are read by the events function as the bounce or complaint they stand for', () => {
    const common = { messageId: 'ses-1', recipients: ['x@example.com'], configurationSet: 'cs', region: 'us-east-1', account: '000000000000' };
    expect(feedbackFromEventBridge(sesFeedbackEvent({ ...common, type: 'Bounce', diagnosticCode: '550' }))).toMatchObject({
      eventType: 'Bounce',
      bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'x@example.com', diagnosticCode: '550' }] },
    });
    expect(feedbackFromEventBridge(sesFeedbackEvent({ ...common, type: 'Complaint' }))).toMatchObject({
      eventType: 'Complaint',
      complaint: { complainedRecipients: [{ emailAddress: 'x@example.com' }] },
    });
  });
});
