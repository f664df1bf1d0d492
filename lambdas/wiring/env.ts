import * as z from 'zod/mini';

/** Runtime settings come from the environment; a missing one fails fast with its name. */
export class MissingEnvError extends Error {
  override name = 'MissingEnvError';
  constructor(readonly variable: string) {
    super(`environment variable ${variable} is not set`);
  }
}

/** A variable that is set but cannot be read as what it should hold. */
export class InvalidEnvError extends Error {
  override name = 'InvalidEnvError';
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`environment variable ${variable} is not valid: ${reason.slice(0, 200)}`);
  }
}

export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') throw new MissingEnvError(name);
  return value;
}

export function intEnv(name: string, env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(requireEnv(name, env));
  if (!Number.isInteger(value)) throw new InvalidEnvError(name, 'not an integer');
  return value;
}

export function numberEnv(name: string, env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(requireEnv(name, env));
  if (!Number.isFinite(value)) throw new InvalidEnvError(name, 'not a number');
  return value;
}

/** A comma-separated list. */
export const listEnv = (name: string, env: NodeJS.ProcessEnv = process.env): string[] => requireEnv(name, env).split(',');

/** A JSON document checked against its schema. */
export function jsonEnv<S extends z.core.$ZodType>(name: string, schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const raw = requireEnv(name, env);
  try {
    return z.parse(schema, JSON.parse(raw));
  } catch (e) {
    throw new InvalidEnvError(name, (e as Error).message);
  }
}
