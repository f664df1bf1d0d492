import { useEffect, useRef, useState } from 'preact/hooks';
import { must } from '../api';
import { useApp } from '../context';
import { collator, t } from '../i18n';
import { AgentsList } from './agents';
import { mustWithFields } from './fields';
import { DeleteButtons, EditButton, StatusLines, useSectionStatus } from './form-parts';
import { TeamEditor } from './team-editor';
import { type AgentProfile, agentLabel, agentName, assignmentLabel, type Directory, refusalLine, type Team } from './team-model';

type Editing = { team?: Team } | undefined;

/** Teams (members, lead, calendar, assignment) and agents (capacity, name, e-mail), for admins. */
export function TeamsAdmin() {
  const { api } = useApp();
  const [dir, setDir] = useState<Directory | undefined>();
  const [editing, setEditing] = useState<Editing>();
  const { status, setStatus, error, setError } = useSectionStatus();
  const newButton = useRef<HTMLButtonElement>(null);

  // The calendars come from the configuration: read once, not after every change here.
  const calendars = useRef<Promise<string[]>>();

  const load = async () => {
    setError(undefined);
    const byName = collator();
    calendars.current ??= must(api.GET('/sla/calendars')).then(
      (c) => Object.keys(c.named).sort(byName.compare),
      (e: unknown) => {
        calendars.current = undefined;
        throw e;
      },
    );
    try {
      const [agents, teams, named] = await Promise.all([must(api.GET('/agents')), must(api.GET('/teams')), calendars.current]);
      setDir({
        agents: [...agents.items].sort((a, b) => byName.compare(agentName(a), agentName(b))),
        teams: [...teams.items].sort((a, b) => byName.compare(a.name, b.name)),
        calendars: named,
      });
    } catch (e) {
      setError(t('error', { message: (e as Error).message }));
    }
  };
  useEffect(() => {
    void load();
  }, []);

  /** The list is read again before the status or the refusal is told, so both describe what is shown. */
  const remove = async (team: Team) => {
    let refusal: string | undefined;
    try {
      await mustWithFields(api.DELETE('/teams/{id}', { params: { path: { id: team.id } } }));
    } catch (e) {
      refusal = refusalLine(e, team);
    }
    await load();
    if (refusal) setStatus(''), setError(refusal);
    else setStatus(t('teamsDeleted', { name: team.name }));
  };

  return (
    <section class="panel teams-admin" aria-labelledby="teams-heading">
      <h2 id="teams-heading">{t('teamsSection')}</h2>
      <StatusLines status={status} error={error} bare />
      {!dir ? (
        !error && <p class="muted">{t('loading')}</p>
      ) : (
        <>
          <div class="teams-head">
            <h3 id="teams-list-heading">{t('teamsTeams')}</h3>
            <button type="button" class="primary" ref={newButton} onClick={() => setEditing({})}>
              {t('teamsNew')}
            </button>
          </div>
          {editing && (
            <TeamEditor
              key={editing.team?.id ?? 'new'}
              team={editing.team}
              dir={dir}
              onDone={async (saved, refusal) => {
                setEditing(undefined);
                newButton.current?.focus();
                await load();
                if (saved) setStatus(t('teamsSaved', { name: saved }));
                if (refusal) setStatus(''), setError(refusal);
              }}
            />
          )}
          <TeamsList dir={dir} onEdit={(team) => setEditing({ team })} onDelete={remove} />
          <AgentsList
            dir={dir}
            onSaved={async (name) => {
              await load();
              setStatus(t('teamsAgentSaved', { name }));
            }}
          />
        </>
      )}
    </section>
  );
}

function TeamsList({ dir, onEdit, onDelete }: { dir: Directory; onEdit: (t: Team) => void; onDelete: (t: Team) => void }) {
  if (dir.teams.length === 0) return <p class="muted">{t('teamsNone')}</p>;
  return (
    <ul class="teams-items teams-list" aria-labelledby="teams-list-heading">
      {dir.teams.map((team) => (
        <TeamItem key={team.id} team={team} agents={dir.agents} onEdit={() => onEdit(team)} onDelete={() => onDelete(team)} />
      ))}
    </ul>
  );
}

function TeamItem({ team, agents, onEdit, onDelete }: { team: Team; agents: AgentProfile[]; onEdit: () => void; onDelete: () => void }) {
  return (
    <li data-team={team.id}>
      <div class="head">
        <strong>
          {team.name} <span class="muted teams-id">{team.id}</span>
        </strong>
        <EditButton title={team.name} onEdit={onEdit} />
        <DeleteButtons title={team.name} onDelete={onDelete} />
      </div>
      <dl class="teams-facts">
        <div>
          <dt>{t('teamsMembers')}</dt>
          <dd title={team.members.map((m) => agentLabel(agents, m)).join(', ')}>{team.members.length}</dd>
        </div>
        <div>
          <dt>{t('teamsLead')}</dt>
          <dd>{team.lead ? agentLabel(agents, team.lead) : '—'}</dd>
        </div>
        <div>
          <dt>{t('teamsCalendar')}</dt>
          <dd>{team.calendar ?? t('teamsDefaultCalendar')}</dd>
        </div>
        <div>
          <dt>{t('teamsAssignment')}</dt>
          <dd>{assignmentLabel(team.assignment)}</dd>
        </div>
      </dl>
    </li>
  );
}
