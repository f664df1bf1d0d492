import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../context';
import { fold, t } from '../i18n';
import { FieldErrors, mustWithFields } from './fields';
import { ASSIGNMENTS, isGone, type AgentProfile, type Assignment, type Directory, refusalLine, type Team, agentLabel, assignmentLabel } from './team-model';

/** Above this many agents the member picker has a search box. */
const FIND_FROM = 8;

type Draft = { id: string; name: string; members: string[]; lead: string; calendar: string; assignment: Assignment };

/** A team id the API takes, from the name an admin types ("Kargo Ekibi" → kargo-ekibi); they may change it. */
export const idFromName = (name: string) =>
  fold(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

const draftOf = (team: Team | undefined): Draft => ({
  id: team?.id ?? '',
  name: team?.name ?? '',
  members: [...(team?.members ?? [])],
  lead: team?.lead ?? '',
  calendar: team?.calendar ?? '',
  assignment: team?.assignment ?? 'round-robin',
});

/** Creates a team (team undefined) or replaces one; the API's refusals stand next to their fields. */
export function TeamEditor({ team, dir, onDone }: { team: Team | undefined; dir: Directory; onDone: (savedName?: string, refusal?: string) => void }) {
  const { api } = useApp();
  const [d, setD] = useState(() => draftOf(team));
  const [idTouched, setIdTouched] = useState(Boolean(team));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => first.current?.focus(), []);

  const value = (e: Event) => (e.target as HTMLInputElement).value;
  const toggle = (agentId: string, on: boolean) => {
    const members = on ? [...d.members, agentId] : d.members.filter((m) => m !== agentId);
    setD({ ...d, members, lead: members.includes(d.lead) ? d.lead : '' });
  };
  // Members the team names that have no profile (yet) stay pickable, so saving keeps them.
  const pickable = [...dir.agents.map((a) => a.agentId), ...d.members.filter((m) => !dir.agents.some((a) => a.agentId === m))];
  // In a long directory the picker narrows to the agents whose name, e-mail or id matches; members stay shown.
  const [find, setFind] = useState('');
  const q = fold(find.trim());
  const shown = pickable.filter((id) => {
    const a = dir.agents.find((x) => x.agentId === id);
    return !q || d.members.includes(id) || fold([a?.name, a?.email, id].filter(Boolean).join(' ')).includes(q);
  });
  const calendars = d.calendar && !dir.calendars.includes(d.calendar) ? [...dir.calendars, d.calendar] : dir.calendars;

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setFields({});
    setError(undefined);
    const body = {
      name: d.name,
      members: d.members,
      assignment: d.assignment,
      ...(d.lead ? { lead: d.lead } : {}),
      ...(d.calendar ? { calendar: d.calendar } : {}),
    };
    try {
      const saved = team
        ? await mustWithFields(api.PUT('/teams/{id}', { params: { path: { id: team.id } }, body }))
        : await mustWithFields(api.POST('/teams', { body: { id: d.id, ...body } }));
      onDone(saved.name);
    } catch (err) {
      if (err instanceof FieldErrors && Object.keys(err.fields).length) setFields(err.fields);
      else if (team && isGone(err)) onDone(undefined, refusalLine(err, team));
      else setError(refusalLine(err, { id: team?.id ?? d.id }));
    } finally {
      setBusy(false);
    }
  };

  const invalid = (name: string) => {
    const message = fields[name];
    return {
      'aria-invalid': message !== undefined,
      ...(message !== undefined ? { 'aria-describedby': `team-${name}-error` } : {}),
    };
  };
  const fieldError = (name: string) =>
    fields[name] !== undefined && (
      <span id={`team-${name}-error`} class="field-error">
        {fields[name]}
      </span>
    );

  return (
    <form class="editor teams-editor" noValidate onSubmit={save} aria-label={team ? t('teamsEditNamed', { name: team.name }) : t('teamsNew')}>
      <Field id="team-name" label={t('teamsName')} error={fieldError('name')}>
        <input
          ref={first}
          id="team-name"
          type="text"
          value={d.name}
          onInput={(e) => {
            const name = value(e);
            setD({ ...d, name, ...(idTouched ? {} : { id: idFromName(name) }) });
          }}
          {...invalid('name')}
        />
      </Field>
      {!team && (
        <Field id="team-id" label={t('teamsId')} hint={t('teamsIdHint')} error={fieldError('id')}>
          <input
            id="team-id"
            type="text"
            value={d.id}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => {
              setIdTouched(true);
              setD({ ...d, id: value(e) });
            }}
            {...invalid('id')}
            aria-describedby={['team-id-hint', fields.id !== undefined ? 'team-id-error' : ''].join(' ').trim()}
          />
        </Field>
      )}
      <fieldset class="teams-members" {...(fields.members !== undefined ? { 'aria-describedby': 'team-members-error' } : {})}>
        <legend>{t('teamsMembers')}</legend>
        {pickable.length === 0 ? (
          <p class="muted">{t('teamsNoAgents')}</p>
        ) : (
          <>
            {pickable.length > FIND_FROM && (
              <label class="teams-find">
                {t('teamsFindAgent')}
                <input type="search" value={find} onInput={(e) => setFind(value(e))} />
              </label>
            )}
            <div class="teams-pick">
              {shown.map((agentId) => (
                <label class="inline" key={agentId}>
                  <input type="checkbox" checked={d.members.includes(agentId)} onChange={(e) => toggle(agentId, (e.target as HTMLInputElement).checked)} />
                  {agentLabel(dir.agents, agentId)}
                  <AgentDetail agent={dir.agents.find((a) => a.agentId === agentId)} />
                </label>
              ))}
            </div>
          </>
        )}
        {fieldError('members')}
      </fieldset>
      <div class="teams-row">
        <Field id="team-lead" label={t('teamsLead')} error={fieldError('lead')}>
          <select id="team-lead" value={d.lead} onChange={(e) => setD({ ...d, lead: value(e) })} {...invalid('lead')}>
            <option value="">{t('teamsNoLead')}</option>
            {d.members.map((m) => (
              <option key={m} value={m}>
                {agentLabel(dir.agents, m)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="team-calendar" label={t('teamsCalendar')} error={fieldError('calendar')}>
          <select id="team-calendar" value={d.calendar} onChange={(e) => setD({ ...d, calendar: value(e) })} {...invalid('calendar')}>
            <option value="">{t('teamsDefaultCalendar')}</option>
            {calendars.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </Field>
        <Field id="team-assignment" label={t('teamsAssignment')} error={fieldError('assignment')}>
          <select id="team-assignment" value={d.assignment} onChange={(e) => setD({ ...d, assignment: value(e) as Assignment })} {...invalid('assignment')}>
            {ASSIGNMENTS.map((a) => (
              <option key={a} value={a}>
                {assignmentLabel(a)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="tools">
        <button type="submit" class="primary" disabled={busy}>
          {t('adminSave')}
        </button>
        <button type="button" onClick={() => onDone()}>
          {t('adminCancel')}
        </button>
      </div>
    </form>
  );
}

function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error: ComponentChildren; children: ComponentChildren }) {
  return (
    <div class="teams-field">
      <label for={id}>{label}</label>
      {children}
      {hint && (
        <span id={`${id}-hint`} class="muted teams-hint">
          {hint}
        </span>
      )}
      {error}
    </div>
  );
}

/** The e-mail beside a member's name, so two agents of one name are told apart. */
function AgentDetail({ agent }: { agent: AgentProfile | undefined }) {
  if (!agent?.name || !agent.email) return null;
  return <span class="muted teams-email"> {agent.email}</span>;
}
