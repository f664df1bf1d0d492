/** Runtime settings come from the environment; a missing one fails fast with its name. */
export class MissingEnvError extends Error {
  override name = 'MissingEnvError';
  constructor(readonly variable: string) {
    super(`environment variable ${variable} is not set`);
  }
}

export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') throw new MissingEnvError(name);
  return value;
}

export function intEnv(name: string, env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(requireEnv(name, env));
  if (!Number.isInteger(value)) throw new MissingEnvError(`${name} (an integer)`);
  return value;
}
