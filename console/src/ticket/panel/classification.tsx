import type { TicketWithTimeline } from '../../api';
import { locale, t } from '../../i18n';

/** "Turkish (tr)": the language's name in the agent's language, and the code the bot reported. */
function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames([locale.value], { type: 'language' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** What the bot read in the customer's messages, in full: why it chose this priority and why a person has the ticket. */
export function BotClassification({ ticket }: { ticket: TicketWithTimeline }) {
  const c = ticket.classification;
  return (
    <section class="panel-section" aria-labelledby="panel-bot">
      <h2 id="panel-bot">{t('panelBot')}</h2>
      {c ? (
        <dl class="facts">
          <dt>{t('panelLanguage')}</dt>
          <dd>{languageName(c.lang)}</dd>
          <dt>{t('panelIntent')}</dt>
          <dd>
            <code>{c.intent}</code>
          </dd>
          <dt>{t('panelConfidence')}</dt>
          <dd>
            <meter min={0} max={1} value={c.confidence} aria-label={t('panelConfidence')} /> {Math.round(c.confidence * 100)}%
          </dd>
          <dt>{t('panelEngine')}</dt>
          <dd>{c.engine}</dd>
          <dt>{t('panelEntities')}</dt>
          <dd>
            {c.entities.length > 0 ? (
              <ul class="plain-list">
                {c.entities.map((e) => (
                  <li key={`${e.type}:${e.value}`}>
                    <span class="muted">{e.type}</span> <span class="entity">{e.value}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <span class="muted">{t('panelNone')}</span>
            )}
          </dd>
        </dl>
      ) : (
        <p class="muted">{t('panelNotClassified')}</p>
      )}
      <dl class="facts">
        <dt>{t('panelPriorityReasons')}</dt>
        <dd>
          {ticket.priorityReasons.length > 0 ? (
            <ul class="plain-list">
              {ticket.priorityReasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : (
            <span class="muted">{t('panelNone')}</span>
          )}
        </dd>
        {ticket.handoverReason && (
          <>
            <dt>{t('panelHandoverReason')}</dt>
            <dd>{ticket.handoverReason}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
