import { useEffect, useRef, useState } from 'preact/hooks';
import { must, type Interaction, type TicketWithTimeline } from '../api';
import { useApp } from '../context';
import { formatDateTime, t } from '../i18n';
import { channelLabel } from '../ui/badges';

/** Every message of the ticket, on every channel, with notes and events between them, oldest first. */
export function Timeline({ ticket }: { ticket: TicketWithTimeline }) {
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [ticket.timeline.length]);
  // An edit names the message it changes by its channel id: the original, when it is on this page of the timeline.
  const byMessageId = new Map(ticket.timeline.flatMap((i) => (i.messageId ? [[i.messageId, i] as const] : [])));
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it (WCAG 2.1.1, axe scrollable-region-focusable); it is named for screen readers.
    <section class="timeline" tabIndex={0} aria-label={t('timeline')}>
      <ol>
        {ticket.timeline.map((i) => (
          <Entry key={i.id} ticketId={ticket.id} entry={i} original={i.editOf ? byMessageId.get(i.editOf) : undefined} />
        ))}
      </ol>
      <div ref={end} />
    </section>
  );
}

const EXCERPT_CHARS = 80;
const excerpt = (text: string) => (text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text);

function Entry({ ticketId, entry, original }: { ticketId: string; entry: Interaction; original?: Interaction | undefined }) {
  if (entry.kind === 'event')
    return (
      <li class="event">
        <span>{entry.text}</span> <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
      </li>
    );
  const who =
    entry.direction === 'in' ? (entry.from ?? '') : entry.direction === 'internal' ? `${t('note')} · ${entry.author ?? ''}` : (entry.author ?? entry.kind);
  return (
    <li class={`message ${entry.direction} kind-${entry.kind}${entry.editOf ? ' edit' : ''}`}>
      <div class="meta">
        <span class="who">{who}</span>
        <span class="via">{channelLabel(entry.channel)}</span>
        <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
        {entry.editOf && <span class="edited">{t('edited')}</span>}
        {entry.delivery && <Delivery delivery={entry.delivery} />}
      </div>
      {entry.editOf && (
        <p class="edit-of">{original ? t('editOf', { time: formatDateTime(original.at), text: excerpt(original.text) }) : t('editOfEarlier')}</p>
      )}
      {entry.subject && <div class="subject">{entry.subject}</div>}
      {entry.htmlSanitised ? <MailHtml html={entry.htmlSanitised} /> : <p class="text">{entry.text}</p>}
      {entry.attachments.length > 0 && <Attachments ticketId={ticketId} files={entry.attachments} />}
    </li>
  );
}

function Delivery({ delivery }: { delivery: NonNullable<Interaction['delivery']> }) {
  const state =
    delivery.status === 'failed' || delivery.providerStatus === 'failed'
      ? t('deliveryFailed', { reason: delivery.lastError ?? '' })
      : delivery.readAt
        ? t('deliveryRead')
        : delivery.deliveredAt
          ? t('deliveryDelivered')
          : delivery.status === 'sent'
            ? t('deliverySent')
            : t('deliveryPending');
  return <span class={`delivery ${delivery.status === 'failed' || delivery.providerStatus === 'failed' ? 'failed' : ''}`}>{state}</span>;
}

/**
 * A customer's HTML, already sanitised by the API, shown in a sandboxed frame: no script runs there
 * whatever slipped through, and the console's Content-Security-Policy (inherited) loads nothing remote.
 */
function MailHtml({ html }: { html: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const fit = () => {
    const doc = frame.current?.contentDocument;
    if (doc?.body && frame.current) frame.current.style.height = `${Math.min(doc.documentElement.scrollHeight + 4, 2000)}px`;
  };
  return <iframe ref={frame} class="mail-html" title="e-mail" sandbox="allow-same-origin" srcdoc={html} onLoad={fit} />;
}

type Attachment = Interaction['attachments'][number];

/** Files of a message: images previewed, every file downloadable, through short-lived signed links. */
/** Pictures every browser draws (a phone's HEIC is offered as a download only). */
const previewable = (contentType: string) => /^image\/(png|jpeg|gif|webp)$/.test(contentType);

function Attachments({ ticketId, files }: { ticketId: string; files: Attachment[] }) {
  const { api } = useApp();
  const [links, setLinks] = useState<Record<string, string>>({});
  useEffect(() => {
    let live = true;
    void Promise.all(
      files.map(async (f) => {
        const link = await must(api.GET('/tickets/{id}/files', { params: { path: { id: ticketId }, query: { key: f.key } } })).catch(() => undefined);
        return [f.key, link?.url] as const;
      }),
    ).then((pairs) => live && setLinks(Object.fromEntries(pairs.filter(([, url]) => url)) as Record<string, string>));
    return () => {
      live = false;
    };
  }, [files.map((f) => f.key).join()]);
  return (
    <ul class="files">
      {files.map((f) => (
        <li key={f.key}>
          {previewable(f.contentType) && links[f.key] ? <img src={links[f.key]} alt={f.filename} loading="lazy" /> : null}
          {links[f.key] ? (
            <a href={links[f.key]} download={f.filename} rel="noopener">
              {f.filename}
            </a>
          ) : (
            <span>{f.filename}</span>
          )}
          <span class="muted"> {Math.ceil(f.size / 1024)} KB</span>
        </li>
      ))}
    </ul>
  );
}
