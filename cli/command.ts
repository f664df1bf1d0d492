import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A subcommand: its help text, its options, and what it does. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  run(values: Record<string, string | boolean | string[] | undefined>, positionals: string[]): Promise<number>;
}

/** A failure the user can fix; printed as one line, exit code 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function parse(cmd: Command, argv: string[]) {
  try {
    return parseArgs({ args: argv, options: { ...cmd.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split('\n')[0]} (see destek ${cmd.name} --help)`);
  }
}
