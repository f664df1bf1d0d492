import { useEffect, useState } from 'preact/hooks';
import type { components } from '#agent/api-types';
import { must } from '../api';
import { useApp } from '../context';
import { formatDateTime, t } from '../i18n';
import { FieldErrors, mustWithFields } from './fields';

type AnswerOverride = components['schemas']['AnswerOverride'];
const LOCALES = ['tr', 'en'] as const;
const INTENT = /^[a-z_]{1,64}$/;

/**
 * The admins' answers for the bot, per intent and locale. The API has no list of intents: the field
 * suggests those tickets had in the last 30 days (GET /metrics), and any intent name can be typed.
 */
export function AnswersAdmin() {
  const { api } = useApp();
  const [known, setKnown] = useState<string[]>([]);
  const [intent, setIntent] = useState('');
  const [shown, setShown] = useState<string | undefined>();
  const [overrides, setOverrides] = useState<AnswerOverride[] | undefined>();
  const [intentError, setIntentError] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    must(api.GET('/metrics', { params: { query: {} } }))
      .then((m) =>
        setKnown(
          Object.keys(m.volumeByIntent)
            .filter((i) => INTENT.test(i) && i !== 'unclassified')
            .sort(),
        ),
      )
      .catch(() => setKnown([]));
  }, [api]);

  const load = async (name: string) => {
    setError(undefined);
    setIntentError(undefined);
    try {
      const r = await mustWithFields(api.GET('/bot/answers/{intent}', { params: { path: { intent: name } } }));
      setShown(name);
      setOverrides(r.overrides);
    } catch (e) {
      if (e instanceof FieldErrors && e.status === 400) setIntentError(e.fields.intent ?? e.message);
      else setError((e as Error).message);
    }
  };

  return (
    <section class="panel" aria-labelledby="answers-heading">
      <h2 id="answers-heading">{t('adminAnswers')}</h2>
      <form
        class="tools"
        onSubmit={(e) => {
          e.preventDefault();
          void load(intent.trim());
        }}
      >
        <label>
          {t('adminIntent')}
          <input
            type="text"
            list="known-intents"
            value={intent}
            onInput={(e) => setIntent((e.target as HTMLInputElement).value)}
            aria-invalid={intentError !== undefined}
            {...(intentError ? { 'aria-describedby': 'intent-error' } : {})}
          />
          {intentError && (
            <span id="intent-error" class="field-error">
              {intentError}
            </span>
          )}
        </label>
        <datalist id="known-intents">
          {known.map((i) => (
            <option key={i} value={i} />
          ))}
        </datalist>
        <button type="submit">{t('adminShowAnswers')}</button>
      </form>
      {error && (
        <p class="error" role="alert">
          {t('error', { message: error })}
        </p>
      )}
      {shown && overrides && (
        <div class="answers">
          {LOCALES.map((l) => (
            <AnswerEditor key={`${shown}/${l}`} intent={shown} locale={l} current={overrides.find((o) => o.locale === l)} onChange={() => load(shown)} />
          ))}
        </div>
      )}
    </section>
  );
}

function AnswerEditor({ intent, locale, current, onChange }: { intent: string; locale: string; current?: AnswerOverride; onChange: () => void }) {
  const { api } = useApp();
  const [text, setText] = useState(current?.text ?? '');
  const [enabled, setEnabled] = useState(current?.enabled ?? true);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();
  const id = `answer-${locale}`;
  const run = async (call: () => Promise<unknown>) => {
    setFields({});
    setError(undefined);
    try {
      await call();
      onChange();
    } catch (e) {
      if (e instanceof FieldErrors && Object.keys(e.fields).length) setFields(e.fields);
      else setError((e as Error).message);
    }
  };
  const invalid = fields.text !== undefined;
  return (
    <form
      class="editor"
      aria-label={t('adminAnswerFor', { intent, locale })}
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => mustWithFields(api.PUT('/bot/answers/{intent}/{locale}', { params: { path: { intent, locale } }, body: { text, enabled } })));
      }}
    >
      <h3>{t('adminAnswerFor', { intent, locale })}</h3>
      <p class="muted">{current ? t('adminOverrideSince', { who: current.updatedBy, when: formatDateTime(current.updatedAt) }) : t('adminNoOverride')}</p>
      <label for={id}>{t('adminText')}</label>
      <textarea
        id={id}
        rows={4}
        value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        aria-invalid={invalid}
        {...(invalid ? { 'aria-describedby': `${id}-error` } : {})}
      />
      {invalid && (
        <span id={`${id}-error`} class="field-error">
          {fields.text}
        </span>
      )}
      <label class="inline">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled((e.target as HTMLInputElement).checked)} />
        {t('adminEnabled')}
      </label>
      {error && (
        <p class="error" role="alert">
          {t('error', { message: error })}
        </p>
      )}
      <div class="tools">
        <button type="submit" class="primary">
          {t('adminSave')}
        </button>
        {current && (
          <button
            type="button"
            onClick={() => run(() => mustWithFields(api.DELETE('/bot/answers/{intent}/{locale}', { params: { path: { intent, locale } } })))}
          >
            {t('adminReset')}
          </button>
        )}
      </div>
    </form>
  );
}
