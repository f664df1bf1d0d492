import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../context';
import { fold, t } from '../i18n';
import { mustWithFields } from './fields';
import { ErrorLine, Field, FieldError, invalidProps, SaveCancel, useSave } from './form-parts';
import { ASSIGNMENTS, isGone, type AgentProfile, type Assignment, type Directory, refusalLine, type Team, agentLabel, assignmentLabel } from './team-model';

/** Above this many agents the member picker has a search box. */
const FIND_FROM = 8;

type Draft = { id: string; name: string; members: string[]; lead: string; calendar: string; assignment: Assignment };

/** A team id the API takes, from the name an admin types ("Kargo Ekibi" → kargo-ekibi); they may change it. */
const idFromName = (name: string) =>
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
  // A team gone meanwhile closes the editor, the section telling why; other refusals stay above the buttons.
  const { fields, error, busy, save } = useSave({
    refused: (err) => {
      if (!team || !isGone(err)) return refusalLine(err, { id: team?.id ?? d.id });
      onDone(undefined, refusalLine(err, team));
      return undefined;
    },
  });
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

  const submit = (e: Event) => {
    e.preventDefault();
    const body = {
      name: d.name,
      members: d.members,
      assignment: d.assignment,
      ...(d.lead ? { lead: d.lead } : {}),
      ...(d.calendar ? { calendar: d.calendar } : {}),
    };
    void save(async () => {
      const saved = team
        ? await mustWithFields(api.PUT('/teams/{id}', { params: { path: { id: team.id } }, body }))
        : await mustWithFields(api.POST('/teams', { body: { id: d.id, ...body } }));
      onDone(saved.name);
    });
  };
  const invalid = (name: string) => invalidProps(`team-${name}`, fields[name]);
  const field = (name: string, label: string, hint?: string) => ({
    id: `team-${name}`,
    label,
    error: fields[name],
    hint,
    class: 'teams-field',
    hintClass: 'muted teams-hint',
  });

  return (
    <form class="editor teams-editor" noValidate onSubmit={submit} aria-label={team ? t('teamsEditNamed', { name: team.name }) : t('teamsNew')}>
      <Field {...field('name', t('teamsName'))}>
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
        <Field {...field('id', t('teamsId'), t('teamsIdHint'))}>
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
            {...invalidProps('team-id', fields.id, ['team-id-hint'])}
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
        <FieldError id="team-members" error={fields.members} />
      </fieldset>
      <div class="teams-row">
        <Field {...field('lead', t('teamsLead'))}>
          <select id="team-lead" value={d.lead} onChange={(e) => setD({ ...d, lead: value(e) })} {...invalid('lead')}>
            <option value="">{t('teamsNoLead')}</option>
            {d.members.map((m) => (
              <option key={m} value={m}>
                {agentLabel(dir.agents, m)}
              </option>
            ))}
          </select>
        </Field>
        <Field {...field('calendar', t('teamsCalendar'))}>
          <select id="team-calendar" value={d.calendar} onChange={(e) => setD({ ...d, calendar: value(e) })} {...invalid('calendar')}>
            <option value="">{t('teamsDefaultCalendar')}</option>
            {calendars.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </Field>
        <Field {...field('assignment', t('teamsAssignment'))}>
          <select id="team-assignment" value={d.assignment} onChange={(e) => setD({ ...d, assignment: value(e) as Assignment })} {...invalid('assignment')}>
            {ASSIGNMENTS.map((a) => (
              <option key={a} value={a}>
                {assignmentLabel(a)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <ErrorLine error={error} bare />
      <SaveCancel busy={busy} onCancel={() => onDone()} />
    </form>
  );
}

/** The e-mail beside a member's name, so two agents of one name are told apart. */
function AgentDetail({ agent }: { agent: AgentProfile | undefined }) {
  if (!agent?.name || !agent.email) return null;
  return <span class="muted teams-email"> {agent.email}</span>;
}
