import type { SesV2Client } from '#adapters/aws/sesv2';
import { noticeMail, type SlaNotifier } from '#core/sla-notice';
import { sendRawEmail } from './ses-client';

export interface SlaMailSettings {
  /** The support address and name the mails come from (the e-mail channel's first address). */
  readonly from: { readonly address: string; readonly name: string };
  readonly configurationSetName?: string | undefined;
  /** The time zone due times are written in. */
  readonly timeZone: string;
}

/**
 * Escalation and breach mails to agents through SES (the same client and configuration set the
 * customers' mail goes through), one per recipient, marked automatic so no auto-responder answers.
 */
export function sesSlaNotifier(ses: SesV2Client, s: SlaMailSettings): SlaNotifier {
  return {
    async notify(n) {
      const { subject, text } = noticeMail(n, s.timeZone);
      const { default: MailComposer } = await import('nodemailer/lib/mail-composer/index.js');
      for (const to of n.to) {
        const raw = await new MailComposer({
          from: { name: s.from.name, address: s.from.address },
          to: to.name ? { name: to.name, address: to.email } : to.email,
          subject,
          text,
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
        })
          .compile()
          .build();
        await sendRawEmail(ses, raw, { from: s.from.address, to: to.email }, s.configurationSetName, { notice: `sla_${n.kind}` });
      }
    },
  };
}
