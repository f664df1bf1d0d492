import { useEffect, useState } from 'preact/hooks';
import { must } from '../api';
import { useApp } from '../context';
import { t } from '../i18n';
import type { AdminOptions } from './admin-options';
import { FieldErrors, mustWithFields } from './fields';
import { DeleteButtons, EditButton, Listed, StatusLines, useSectionStatus } from './form-parts';
import { RuleEditor } from './rule-editor';
import { ruleSummary, type RoutingRule } from './rule-rows';

type Editing = { rule?: RoutingRule } | undefined;

/**
 * Routing rules in the order the pipeline evaluates them: move up and down (buttons, so the keyboard
 * reorders too), enable or disable, create, edit, delete after a confirmation.
 */
export function RulesAdmin({ options }: { options: AdminOptions }) {
  const { api } = useApp();
  const [rules, setRules] = useState<RoutingRule[] | undefined>();
  const [editing, setEditing] = useState<Editing>();
  const { status, setStatus, error, setError, fail } = useSectionStatus();

  const load = async () => {
    try {
      setRules((await must(api.GET('/rules'))).items);
    } catch (e) {
      fail(e);
    }
  };
  useEffect(() => {
    void load();
  }, [api]);

  const act = async (call: () => Promise<void>) => {
    setError(undefined);
    try {
      await call();
    } catch (e) {
      fail(e);
      await load();
    }
  };

  /** Moves a rule one place against the order as stored now (another admin may have changed it); refused once for a race, tried again. */
  const move = (rule: RoutingRule, by: -1 | 1) =>
    act(async () => {
      for (let attempt = 0; ; attempt++) {
        const ids = (await must(api.GET('/rules'))).items.map((r) => r.id);
        const from = ids.indexOf(rule.id);
        const to = from + by;
        if (from < 0 || to < 0 || to >= ids.length) return void (await load());
        [ids[from], ids[to]] = [ids[to]!, ids[from]!];
        try {
          setRules((await mustWithFields(api.PUT('/rules/order', { body: { ids } }))).items);
          setStatus(t(by < 0 ? 'rulesMovedUp' : 'rulesMovedDown', { name: rule.name, position: to + 1 }));
          break;
        } catch (e) {
          if (!(e instanceof FieldErrors && e.status === 400) || attempt > 0) throw e;
        }
      }
      // After the list re-renders in its new order, the focus stays with the rule that moved.
      setTimeout(() => {
        const same = document.getElementById(`rule-${rule.id}-${by < 0 ? 'up' : 'down'}`) as HTMLButtonElement | null;
        (same && !same.disabled ? same : document.getElementById(`rule-${rule.id}-${by < 0 ? 'down' : 'up'}`))?.focus();
      }, 0);
    });

  const setEnabled = (rule: RoutingRule, enabled: boolean) =>
    act(async () => {
      const { name, when, conditions, actions } = rule;
      const saved = await must(api.PUT('/rules/{id}', { params: { path: { id: rule.id } }, body: { name, when, conditions, actions, enabled } }));
      setRules((list) => list?.map((r) => (r.id === saved.id ? saved : r)));
      setStatus(t(enabled ? 'rulesEnabledNamed' : 'rulesDisabledNamed', { name: rule.name }));
    });

  const remove = (rule: RoutingRule) =>
    act(async () => {
      await mustWithFields(api.DELETE('/rules/{id}', { params: { path: { id: rule.id } } }));
      setStatus(t('adminDeleted', { title: rule.name }));
      await load();
      document.getElementById('rules-new')?.focus();
    });

  const edit = (rule: RoutingRule) =>
    act(async () => {
      // The rule as stored now, not as listed a while ago.
      setEditing({ rule: await must(api.GET('/rules/{id}', { params: { path: { id: rule.id } } })) });
    });

  return (
    <section class="panel rules-admin" aria-labelledby="rules-heading">
      <h2 id="rules-heading">{t('rulesHeading')}</h2>
      <p class="muted">{t('rulesIntro')}</p>
      <div class="tools">
        <button type="button" id="rules-new" class="primary" onClick={() => setEditing({})}>
          {t('rulesNew')}
        </button>
      </div>
      <StatusLines status={status} error={error} />
      {editing && (
        <RuleEditor
          key={editing.rule?.id ?? 'new'}
          options={options}
          {...(editing.rule ? { rule: editing.rule } : {})}
          onDone={async (saved) => {
            setEditing(undefined);
            document.getElementById('rules-new')?.focus();
            if (saved) {
              setStatus(t('adminSaved', { title: saved.name }));
              await load();
            }
          }}
        />
      )}
      <Listed items={rules} none={t('rulesNone')}>
        {(list) => (
          <ol class="items rule-list" aria-label={t('rulesHeading')}>
            {list.map((rule, i) => (
              <RuleItem
                key={rule.id}
                rule={rule}
                position={i + 1}
                last={i === list.length - 1}
                summary={ruleSummary(rule, options)}
                onMove={(by) => move(rule, by)}
                onEnable={(on) => setEnabled(rule, on)}
                onEdit={() => edit(rule)}
                onDelete={() => remove(rule)}
              />
            ))}
          </ol>
        )}
      </Listed>
    </section>
  );
}

function RuleItem(p: {
  rule: RoutingRule;
  position: number;
  last: boolean;
  summary: string;
  onMove: (by: -1 | 1) => void;
  onEnable: (on: boolean) => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { rule } = p;
  return (
    <li class={rule.enabled ? '' : 'disabled'}>
      <div class="head">
        <strong>
          {p.position}. {rule.name}
        </strong>
        <span class="badge">{t(rule.enabled ? 'rulesOn' : 'rulesOff')}</span>
        <span class="muted">{t('rulesHits', { count: rule.hits })}</span>
      </div>
      <p>
        <span class="muted">{t(rule.when === 'ticket_created' ? 'rulesWhenCreated' : 'rulesWhenMessage')}: </span>
        {p.summary}
      </p>
      <div class="head">
        <button
          type="button"
          id={`rule-${rule.id}-up`}
          disabled={p.position === 1}
          aria-label={`${t('rulesMoveUp')}: ${rule.name}`}
          onClick={() => p.onMove(-1)}
        >
          <span aria-hidden="true">↑ </span>
          {t('rulesMoveUp')}
        </button>
        <button type="button" id={`rule-${rule.id}-down`} disabled={p.last} aria-label={`${t('rulesMoveDown')}: ${rule.name}`} onClick={() => p.onMove(1)}>
          <span aria-hidden="true">↓ </span>
          {t('rulesMoveDown')}
        </button>
        <label class="inline">
          <input
            type="checkbox"
            aria-label={`${t('rulesEnabled')}: ${rule.name}`}
            checked={rule.enabled}
            onChange={(e) => p.onEnable((e.target as HTMLInputElement).checked)}
          />
          {t('rulesEnabled')}
        </label>
        <EditButton title={rule.name} onEdit={p.onEdit} />
        <DeleteButtons title={rule.name} onDelete={p.onDelete} />
      </div>
    </li>
  );
}
