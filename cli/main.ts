import { ConfigError } from '#config/config';
import { LocalStackError } from '#local/errors';
import { parse, UsageError, type Command } from './command';
import { startCommand } from './start';
import { trainCommand } from './train';
import { classifyCommand } from './classify';
import { emailCommand } from './email';
import { simulateCommand } from './simulate';
import { dlqCommand } from './dlq';
import { helpCenterCommand } from './helpcenter';
import { eventsCommand } from './events';
import { searchCommand } from './search';

const commands: Command[] = [
  startCommand,
  classifyCommand,
  trainCommand,
  emailCommand,
  simulateCommand,
  dlqCommand,
  helpCenterCommand,
  eventsCommand,
  searchCommand,
];

const mainHelp = () =>
  [
    'Usage: destek <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Run destek <command> --help for its options.',
  ].join('\n');

/** Runs one subcommand; every failure is one line on stderr and a non-zero exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainHelp());
    return name ? 0 : 1;
  }
  const cmd = commands.find((c) => c.name === name);
  try {
    if (!cmd) throw new UsageError(`unknown command "${name}"; commands: ${commands.map((c) => c.name).join(', ')}`);
    const { values, positionals } = parse(cmd, rest);
    if (values.help) {
      console.log(cmd.usage);
      return 0;
    }
    return await cmd.run(values, positionals);
  } catch (e) {
    const known = e instanceof UsageError || e instanceof ConfigError || e instanceof LocalStackError;
    const message = (e as Error).message?.split('\n')[0] ?? String(e);
    console.error(`destek: ${known ? message : `unexpected error: ${message}`}`);
    return known ? 2 : 1;
  }
}
