import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../context';
import { t } from '../i18n';
import { mustWithFields } from './fields';
import { ErrorLine, SaveCancel, TextField, useSave } from './form-parts';
import { type AgentProfile, agentName, type Directory } from './team-model';

/** Every agent with a profile: who, presence, capacity, open tickets held and teams; one edited in place at a time. */
export function AgentsList({ dir, onSaved }: { dir: Directory; onSaved: (name: string) => void }) {
  const [editing, setEditing] = useState<string | undefined>();
  return (
    <>
      <h3 id="agents-list-heading">{t('teamsAgents')}</h3>
      {dir.agents.length === 0 ? (
        <p class="muted">{t('teamsNoAgents')}</p>
      ) : (
        <ul class="teams-items agents-list" aria-labelledby="agents-list-heading">
          {dir.agents.map((agent, i) => (
            <AgentItem
              key={agent.agentId}
              agent={agent}
              index={i}
              teams={dir.teams.filter((team) => team.members.includes(agent.agentId)).map((team) => team.name)}
              editing={editing === agent.agentId}
              onEdit={(on) => setEditing(on ? agent.agentId : undefined)}
              onSaved={(name) => {
                setEditing(undefined);
                onSaved(name);
              }}
            />
          ))}
        </ul>
      )}
    </>
  );
}

function AgentItem(props: {
  agent: AgentProfile;
  index: number;
  teams: string[];
  editing: boolean;
  onEdit: (on: boolean) => void;
  onSaved: (name: string) => void;
}) {
  const { agent, teams, editing, onEdit } = props;
  const editButton = useRef<HTMLButtonElement>(null);
  return (
    <li data-agent={agent.agentId}>
      <div class="head">
        <strong>
          {agentName(agent)}
          {agent.email && agent.email !== agentName(agent) && <span class="muted agents-email"> {agent.email}</span>}
        </strong>
        <span class={`badge agents-${agent.presence}`}>{t(agent.presence === 'available' ? 'presenceAvailable' : 'presenceAway')}</span>
        <button
          type="button"
          ref={editButton}
          aria-expanded={editing}
          onClick={() => onEdit(!editing)}
          aria-label={t('adminEditNamed', { title: agentName(agent) })}
        >
          {t('adminEdit')}
        </button>
      </div>
      <dl class="teams-facts">
        <div>
          <dt>{t('teamsCapacity')}</dt>
          <dd>{agent.capacity ?? t('teamsNoLimit')}</dd>
        </div>
        <div>
          <dt>{t('teamsOpenTickets')}</dt>
          <dd>{agent.openTickets}</dd>
        </div>
        <div>
          <dt>{t('teamsTeams')}</dt>
          <dd>{teams.length ? teams.join(', ') : '—'}</dd>
        </div>
      </dl>
      {editing && (
        <AgentEditor
          agent={agent}
          index={props.index}
          onSaved={(name) => {
            props.onSaved(name);
            editButton.current?.focus();
          }}
          onCancel={() => {
            onEdit(false);
            editButton.current?.focus();
          }}
        />
      )}
    </li>
  );
}

function AgentEditor({ agent, index, onSaved, onCancel }: { agent: AgentProfile; index: number; onSaved: (name: string) => void; onCancel: () => void }) {
  const { api } = useApp();
  const [name, setName] = useState(agent.name ?? '');
  const [email, setEmail] = useState(agent.email ?? '');
  const [capacity, setCapacity] = useState(agent.capacity === null ? '' : String(agent.capacity));
  const { fields, error, busy, save } = useSave();
  const first = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => first.current?.focus(), []);
  const id = (field: string) => `agent-${index}-${field}`;

  const submit = (e: Event) => {
    e.preventDefault();
    // An empty name or e-mail is left as it is (the API keeps them); an empty capacity means no limit.
    const body = {
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(email.trim() ? { email: email.trim() } : {}),
      capacity: capacity.trim() === '' ? null : Number(capacity),
    };
    void save(async () => onSaved(agentName(await mustWithFields(api.PUT('/agents/{agentId}', { params: { path: { agentId: agent.agentId } }, body })))));
  };
  const input = (field: 'name' | 'email' | 'capacity', label: string, value: string, onValue: (v: string) => void, input: Record<string, unknown>) => (
    <TextField id={id(field)} class="teams-field" label={label} value={value} onValue={onValue} error={fields[field]} input={input} />
  );

  return (
    <form class="editor agents-editor" noValidate onSubmit={submit} aria-label={t('teamsEditAgent', { name: agentName(agent) })}>
      <div class="teams-row">
        {input('capacity', t('teamsCapacityField'), capacity, setCapacity, { type: 'number', min: 1, max: 500, step: 1, ref: first })}
        {input('name', t('teamsName'), name, setName, { type: 'text', autocomplete: 'off' })}
        {input('email', t('teamsEmail'), email, setEmail, { type: 'email', autocomplete: 'off' })}
      </div>
      <ErrorLine error={error} />
      <SaveCancel busy={busy} onCancel={onCancel} />
    </form>
  );
}
