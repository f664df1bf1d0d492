import { join, resolve } from 'node:path';
import { UsageError, type Command } from './command';
import type { DeadLetterTarget } from './dlq-cloudformation';
import { describeInvocation, describeLetter, IDEMPOTENT_NOTE, table } from './dlq-format';
import { depth, queueName, receiveAll, release, remove, sendBack, type DeadLetter } from './dlq-queue';
import { localSetup, stackSetup, type DeadLetterSetup } from './dlq-targets';

export const dlqCommand: Command = {
  name: 'dlq',
  summary: 'list, inspect and redrive dead-lettered messages (local or deployed stack)',
  usage: `Usage: destek dlq list
       destek dlq show [QUEUE]
       destek dlq redrive [QUEUE] [--message ID] [--dry-run]

What keeps failing rests in a dead-letter queue (14 days). QUEUE is the name destek gives the source:
a queue (inbound, outbound, social) or an asynchronously invoked function (emailIngest, emailEvents,
slaCheck); without it, every dead-letter queue.

  list      each dead-letter queue, how many messages it holds and what it drains
  show      each message: its id, what it is (channel, conversation, message id) and why it failed.
            A queue's message: group, first receive time, receive count and the consumer's last error.
            A function's: Lambda's invocation record (the error, the condition such as RetriesExhausted
            or EventAgeExceeded, how often it was invoked), or a raw event that EventBridge or Scheduler
            could not deliver (then the error is not recorded)
  redrive   sends each message back where it came from and deletes it from the dead-letter queue only
            after that succeeded. A queue's: to its queue (FIFO: same group, a new deduplication id
            derived from the original). A function's: an asynchronous invocation (Event) with the
            record's request payload, or the raw event. Replays are idempotent: a message or event
            already processed is not processed twice.

Options:
  --stack NAME         a deployed stack, found through CloudFormation in AWS_REGION (default: the local stack)
  --local-info FILE    the local stack's description (default: .destek/local.json, written by destek start)
  --message ID         redrive only this message
  --dry-run            say what redrive would move, move nothing
  -h, --help           show this help`,
  options: {
    stack: { type: 'string' },
    'local-info': { type: 'string' },
    message: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  async run(values, positionals) {
    const [action, queue, ...extra] = positionals;
    if (!action || !['list', 'show', 'redrive'].includes(action)) throw new UsageError('say what to do: list, show or redrive (see destek dlq --help)');
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}" (see destek dlq --help)`);
    if (action !== 'redrive' && (values.message !== undefined || values['dry-run'])) throw new UsageError('--message and --dry-run go with redrive');
    if (action === 'list' && queue) throw new UsageError('list takes no queue (see destek dlq --help)');
    const setup = await connect(values);
    const targets = pick(setup, queue);
    try {
      if (action === 'list') return await list(setup, targets);
      if (action === 'show') return await show(setup, targets);
      return await redrive(setup, targets, {
        ...(typeof values.message === 'string' ? { messageId: values.message } : {}),
        dryRun: values['dry-run'] === true,
      });
    } catch (e) {
      throw oneLine(e, setup.where);
    }
  },
};

async function connect(values: Record<string, unknown>): Promise<DeadLetterSetup> {
  if (typeof values.stack === 'string') {
    try {
      return await stackSetup(values.stack);
    } catch (e) {
      throw oneLine(e, `stack ${values.stack}`);
    }
  }
  const file = typeof values['local-info'] === 'string' ? values['local-info'] : join(process.cwd(), '.destek', 'local.json');
  return localSetup(resolve(file));
}

function pick(setup: DeadLetterSetup, queue: string | undefined): DeadLetterTarget[] {
  if (!queue) return setup.targets;
  const found = setup.targets.filter((t) => t.source.key === queue || queueName(t.deadLetterUrl) === queue);
  if (!found.length) throw new UsageError(`no dead-letter queue "${queue}" in ${setup.where}; there are: ${setup.targets.map((t) => t.source.key).join(', ')}`);
  return found;
}

/** AWS and connection errors as one line that says where; the usage errors as they are. */
function oneLine(e: unknown, where: string): Error {
  if (e instanceof UsageError) return e;
  const err = e as Error & { code?: string; cause?: { code?: string } };
  const refused = err.code === 'ECONNREFUSED' || err.cause?.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(err.message ?? '');
  if (refused) return new UsageError(`${where} does not answer: is it running? (destek start)`);
  return new UsageError(`${where}: ${err.name}: ${(err.message ?? String(e)).split('\n')[0]}`);
}

const drains = (t: DeadLetterTarget) =>
  t.source.kind === 'queue' ? `queue ${queueName(t.redriveTo)} → ${t.source.consumer}` : `async invocations of ${t.redriveTo}`;

async function list(setup: DeadLetterSetup, targets: DeadLetterTarget[]): Promise<number> {
  const rows: string[][] = [];
  for (const t of targets) rows.push([t.source.key, queueName(t.deadLetterUrl), String(await depth(setup.sqs, t.deadLetterUrl)), drains(t)]);
  console.log(`Dead-letter queues of ${setup.where}:\n`);
  console.log(table(['QUEUE', 'DEAD-LETTER QUEUE', 'MESSAGES', 'DRAINS'], rows));
  return 0;
}

async function show(setup: DeadLetterSetup, targets: DeadLetterTarget[]): Promise<number> {
  for (const t of targets) {
    const letters = await receiveAll(setup.sqs, t.deadLetterUrl);
    try {
      console.log(`${t.source.key}: ${letters.length} message(s) in ${queueName(t.deadLetterUrl)} (drains ${drains(t)})`);
      for (const letter of letters) {
        if (t.source.kind === 'function') console.log(describeInvocation(letter).join('\n'));
        else console.log(describeLetter(letter, await setup.failures.find(queueName(t.redriveTo), letter.messageId)).join('\n'));
      }
    } finally {
      // Shown, not taken: the messages are visible again for the next look or a redrive.
      await release(setup.sqs, t.deadLetterUrl, letters);
    }
  }
  return 0;
}

async function redrive(setup: DeadLetterSetup, targets: DeadLetterTarget[], opts: { messageId?: string; dryRun: boolean }): Promise<number> {
  let moved = 0;
  let found = 0;
  for (const t of targets) {
    const letters = await receiveAll(setup.sqs, t.deadLetterUrl);
    const chosen = opts.messageId ? letters.filter((l) => l.messageId === opts.messageId) : letters;
    const kept: DeadLetter[] = letters.filter((l) => !chosen.includes(l));
    found += chosen.length;
    try {
      for (const [i, letter] of chosen.entries()) {
        if (opts.dryRun) {
          console.log(`would redrive ${letter.messageId} from ${queueName(t.deadLetterUrl)} to ${drains(t)}`);
          kept.push(letter);
          continue;
        }
        try {
          const how = await sendBack(setup, t, letter);
          await remove(setup.sqs, t.deadLetterUrl, letter);
          moved++;
          console.log(`redriven ${letter.messageId}: ${how}`);
        } catch (e) {
          // What was not sent stays in the dead-letter queue, visible again at once.
          kept.push(...chosen.slice(i));
          throw new UsageError(
            `redrive of ${letter.messageId} from ${queueName(t.deadLetterUrl)} failed, it stays there: ${(e as Error).message.split('\n')[0]}`,
          );
        }
      }
    } finally {
      await release(setup.sqs, t.deadLetterUrl, kept);
    }
  }
  if (opts.messageId && !found)
    throw new UsageError(`message ${opts.messageId} is not in ${targets.length === 1 ? queueName(targets[0]!.deadLetterUrl) : 'any dead-letter queue'}`);
  console.log(opts.dryRun ? `${found} message(s) would be redriven; nothing moved.` : `${moved} message(s) redriven.`);
  console.log(IDEMPOTENT_NOTE);
  return 0;
}
