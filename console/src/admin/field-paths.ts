import { mustWithFields } from './fields';

/**
 * Like fields.ts `mustWithFields`, keeping each refusal's whole path (`conditions.textContains.0`,
 * `actions.cannedReply.tr`): a rule's or macro's form shows the message on the very row it names.
 */
export const mustWithPaths = <T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> => mustWithFields(call, (path) => path);

/**
 * Where each refusal goes: the row a path (or its nearest parent) names, else the form's own field
 * (`name`, `actions`…): `targets` maps paths to row keys.
 */
function placeErrors(fields: Readonly<Record<string, string>>, targets: ReadonlyMap<string, string>) {
  const rows: Record<string, string> = {};
  const form: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const parts = path.split('.');
    let placed = false;
    for (let n = parts.length; n > 0 && !placed; n--) {
      const row = targets.get(parts.slice(0, n).join('.'));
      if (row !== undefined) {
        rows[row] ??= message;
        placed = true;
      }
    }
    if (!placed) form[parts[0]!] ??= message;
  }
  return { rows, form };
}

/** placeErrors for an editor: the rows' messages go to `setRows`, the form's own are returned. */
export function placeRowErrors(
  fields: Readonly<Record<string, string>>,
  targets: ReadonlyMap<string, string>,
  setRows: (rows: Record<string, string>) => void,
) {
  const placed = placeErrors(fields, targets);
  setRows(placed.rows);
  return placed.form;
}
