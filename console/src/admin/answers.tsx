import { useEffect, useState } from 'preact/hooks';
import type { components } from '#agent/api-types';
import { must } from '../api';
import { useApp } from '../context';
import { formatDateTime, t, LOCALES } from '../i18n';
import { FieldErrors, mustWithFields } from './fields';
import { ErrorLine, FieldError, invalidProps, useSave } from './form-parts';

type AnswerOverride = components['schemas']['AnswerOverride'];
type BotIntent = components['schemas']['BotIntentList']['intents'][number];

/** The admins' answers for the bot, per intent (GET /bot/intents lists them) and locale. */
export function AnswersAdmin() {
  const { api } = useApp();
  const [known, setKnown] = useState<BotIntent[]>([]);
  const [intent, setIntent] = useState('');
  const [shown, setShown] = useState<string | undefined>();
  const [overrides, setOverrides] = useState<AnswerOverride[] | undefined>();
  const [intentError, setIntentError] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    must(api.GET('/bot/intents'))
      .then((r) => {
        setKnown(r.intents);
        setIntent((current) => current || (r.intents[0]?.name ?? ''));
      })
      .catch((e: Error) => setError(e.message));
  }, [api]);
  const about = known.find((i) => i.name === shown);

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
          <select value={intent} onChange={(e) => setIntent((e.target as HTMLSelectElement).value)} {...invalidProps('intent', intentError)}>
            {known.map((i) => (
              <option key={i.name} value={i.name}>
                {i.name}
              </option>
            ))}
          </select>
          <FieldError id="intent" error={intentError} />
        </label>
        <button type="submit">{t('adminShowAnswers')}</button>
      </form>
      <ErrorLine error={error} />
      {shown && overrides && (
        <div class="answers">
          {about && (
            <p>
              {about.description} · {t(about.alwaysHuman ? 'adminAlwaysHuman' : about.answerable ? 'adminAnswerable' : 'adminSuggestOnly')}
            </p>
          )}
          {LOCALES.map((l) => (
            <AnswerEditor
              key={`${shown}/${l}`}
              intent={shown}
              locale={l}
              builtIn={about?.answers[l]}
              current={overrides.find((o) => o.locale === l)}
              onChange={() => load(shown)}
            />
          ))}
        </div>
      )}
    </section>
  );
}

function AnswerEditor({
  intent,
  locale,
  builtIn,
  current,
  onChange,
}: {
  intent: string;
  locale: string;
  builtIn: string | undefined;
  current?: AnswerOverride;
  onChange: () => void;
}) {
  const { api } = useApp();
  const [text, setText] = useState(current?.text ?? builtIn ?? '');
  const [enabled, setEnabled] = useState(current?.enabled ?? true);
  const { fields, error, save } = useSave();
  const id = `answer-${locale}`;
  const run = (call: () => Promise<unknown>) =>
    save(async () => {
      await call();
      onChange();
    });
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
      <textarea id={id} rows={4} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} {...invalidProps(id, fields.text)} />
      <FieldError id={id} error={fields.text} />
      <label class="inline">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled((e.target as HTMLInputElement).checked)} />
        {t('adminEnabled')}
      </label>
      <ErrorLine error={error} />
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
