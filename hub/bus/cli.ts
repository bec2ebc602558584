/**
 * `dbp-hub dlq list|show|replay|discard`: dead letters from the command line, on the same
 * store (and, for replay, the same bus) as the running hubs. The command line itself
 * (flags, help, exit codes) lives in hub/cli.ts; these are the commands' bodies.
 *
 *   dbp-hub dlq list [--flow NAME] [--limit N] [--after CURSOR]
 *   dbp-hub dlq show <flow> <messageId>
 *   dbp-hub dlq replay <flow> <messageId>
 *   dbp-hub dlq discard <flow> <messageId>
 */
import type { Logger } from 'pino';
import { HubError } from '../errors/catalog.js';
import { createStore, type Store } from '../store/index.js';
import { deadLetterView } from './admin.js';
import { createDeadLetters, type DeadLetters } from './dead-letters.js';
import { createEmbeddedBus } from './embedded.js';
import { createRabbitBus } from './rabbitmq.js';
import type { Bus } from './types.js';

export const DLQ_USAGE = 'dbp-hub dlq list [--flow NAME] [--limit N] [--after CURSOR] | show <flow> <id> | replay <flow> <id> | discard <flow> <id>';

export interface DlqTarget {
  readonly dataDir: string;
  readonly databaseUrl?: string;
  /** RabbitMQ of the hubs (replay goes to the flow's queue there); absent: the embedded bus's table. */
  readonly amqpUrl?: string;
  readonly prefix?: string;
  readonly logger?: Logger;
}

export interface DlqSession {
  readonly deadLetters: DeadLetters;
  close(): Promise<void>;
}

/** Opens the store and a bus that consumes nothing (it only replays). */
export async function openDlqSession(target: DlqTarget): Promise<DlqSession> {
  const store: Store = createStore({ dataDir: target.dataDir, ...(target.databaseUrl ? { databaseUrl: target.databaseUrl } : {}), ...(target.logger ? { logger: target.logger } : {}) });
  await store.start();
  let bus: Bus | undefined;
  try {
    // The embedded bus replays by inserting into its table, which needs no start (a start
    // would take over the claims of the hub that runs on this store).
    bus = target.amqpUrl
      ? createRabbitBus({ url: target.amqpUrl, store, ...(target.prefix ? { prefix: target.prefix } : {}), instanceId: 'cli', connectRetries: 2 })
      : createEmbeddedBus({ store });
    if (target.amqpUrl) await bus.start();
  } catch (error) {
    await store.stop();
    throw error;
  }
  const started = bus;
  return {
    deadLetters: createDeadLetters({ store, bus: started }),
    async close() {
      await started.stop().catch(() => undefined);
      await store.stop();
    },
  };
}

export interface DlqArguments {
  readonly flow?: string;
  readonly limit?: string;
  readonly after?: string;
}

/** Runs one dlq command; answers the exit code (0 done, 1 not found or refused, 2 bad usage). */
export async function runDlqCommand(deadLetters: DeadLetters, positionals: readonly string[], flags: DlqArguments, out: (line: string) => void): Promise<number> {
  const [command, flow, id, ...extra] = positionals;
  const needsTwo = (): [string, string] => {
    if (!flow || !id || extra.length > 0) throw new DlqUsageError(`dlq ${command} needs <flow> <messageId>`);
    return [flow, id];
  };
  try {
    switch (command) {
      case 'list': {
        if (positionals.length > 1) throw new DlqUsageError('dlq list takes flags only: --flow, --limit, --after');
        const limit = flags.limit === undefined ? 50 : Number(flags.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new DlqUsageError('--limit must be a whole number from 1 to 500');
        const page = await deadLetters.list({ limit, ...(flags.flow ? { flow: flags.flow } : {}), ...(flags.after ? { after: flags.after } : {}) });
        if (page.items.length === 0) out('no dead letters');
        for (const letter of page.items) {
          out(`${letter.deadAt.toISOString()}  ${letter.flow.padEnd(20)} ${letter.messageId.padEnd(40)} ${letter.code} (${letter.attempts} attempts): ${letter.reason}`);
        }
        if (page.next) out(`more: --after ${page.next}`);
        return 0;
      }
      case 'show': {
        const [name, messageId] = needsTwo();
        out(JSON.stringify(deadLetterView(await deadLetters.get(name, messageId)), null, 2));
        return 0;
      }
      case 'replay': {
        const [name, messageId] = needsTwo();
        await deadLetters.replay(name, messageId);
        out(`replayed ${messageId} onto flow ${name}`);
        return 0;
      }
      case 'discard': {
        const [name, messageId] = needsTwo();
        await deadLetters.discard(name, messageId);
        out(`discarded ${messageId} of flow ${name}`);
        return 0;
      }
      default:
        throw new DlqUsageError(`unknown dlq command ${command ?? '(none)'}; usage: ${DLQ_USAGE}`);
    }
  } catch (error) {
    if (error instanceof HubError && (error.code === 'NOT_FOUND' || error.code === 'INVALID_REQUEST')) {
      out(`dbp-hub dlq: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** Bad usage of the dlq command: hub/cli.ts reports it like its own UsageError (exit status 2). */
export class DlqUsageError extends Error {
  override readonly name = 'DlqUsageError';
}
