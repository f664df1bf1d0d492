import { fold } from '#brain/text';
import { ValidationError } from '#core/errors';
import type { AgentApiDeps } from './router';

/** An id from a name: "Kargo (TR)" → "kargo-tr". */
export const idFromName = (name: string): string =>
  fold(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'x';

/**
 * The names a rule or a macro refers to that are data, not schema: its team and its canned responses
 * must exist (a 400 naming the field otherwise), so a typo is caught when saved, not when a message comes.
 */
export async function checkReferences(deps: AgentApiDeps, actions: { team?: string | undefined; cannedReply?: Readonly<Record<string, string>> | undefined }) {
  const issues: { path: string; message: string }[] = [];
  const canned = Object.entries(actions.cannedReply ?? {});
  const [team, ...found] = await Promise.all([
    actions.team ? deps.teams.team(actions.team) : undefined,
    ...canned.map(([locale, id]) => deps.store.getCanned(locale, id)),
  ]);
  if (actions.team && !team) issues.push({ path: 'actions.team', message: `no team ${actions.team}` });
  canned.forEach(([locale, id], i) => {
    if (!found[i]) issues.push({ path: `actions.cannedReply.${locale}`, message: `no canned response ${locale}/${id}` });
  });
  if (issues.length) throw new ValidationError(`body is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}
