/**
 * `dbp-hub`: the command line and the composition root. Each command declares its
 * flags and help once; unknown commands and bad flags exit with status 2 and a message.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { pino, type Logger } from 'pino';
import { MOCK_IDS, MockStartError, startMocks } from '../mocks/index.js';
import { CHAOS_PROFILES, validateFaultConfig, type FaultConfig } from '../mocks/server/faults.js';
import { ConfigError, configTable, loadConfig } from './config.js';
import { CONFORMANCE_CONTRACTS, FixtureError, runConformance, type ConformanceContract } from './conformance/index.js';
import { formatJUnit, formatText } from './conformance/report.js';
import { writeReference } from './docs/reference.js';
import { MODULES_FLAG_HELP, MODULES_FLAGS, MODULES_USAGE, ModulesUsageError, runModulesCommand } from './modules/command.js';
import { DLQ_USAGE, DlqUsageError, openDlqSession, runDlqCommand } from './bus/cli.js';
import { composeHub } from './compose.js';

type Flags = NonNullable<ParseArgsConfig['options']>;

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly flags: Flags;
  readonly flagHelp: Readonly<Record<string, string>>;
  run(values: Record<string, string | boolean | (string | boolean)[] | undefined>, positionals: string[]): Promise<number>;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const COMMANDS: Readonly<Record<string, Command>> = {
  start: {
    summary: 'Run the hub: CacheControl, Platform API, message flows, connectors (embedded mock back offices by default), docs, health, metrics.',
    usage: 'dbp-hub start [--port N] [--host ADDRESS] [--public-url URL]',
    flags: { port: { type: 'string' }, host: { type: 'string' }, 'public-url': { type: 'string' } },
    flagHelp: {
      '--port N': 'TCP port (overrides HTTP_PORT; default 8080)',
      '--host ADDRESS': 'bind address (overrides HTTP_HOST; default 127.0.0.1)',
      '--public-url URL': 'public base URL for served WSDLs (overrides PUBLIC_URL)',
    },
    run: async (values) => {
      const config = loadConfig(process.env, {
        ...(typeof values.port === 'string' ? { httpPort: values.port } : {}),
        ...(typeof values.host === 'string' ? { httpHost: values.host } : {}),
        ...(typeof values['public-url'] === 'string' ? { publicUrl: values['public-url'] } : {}),
      });
      const logger = pino({ level: config.logLevel, base: { service: 'dbp-hub' } });
      const hub = await composeHub({ config, logger });
      const signalled = stopSignal(logger);
      await hub.start();
      await signalled;
      await hub.stop();
      logger.info('stopped');
      return 0;
    },
  },
  mocks: {
    summary: 'Run the mock back offices (core banking, cards, CRM) with seeded data, push and chaos.',
    usage: 'dbp-hub mocks [--clients N] [--seed S] [--push-url URL [--snapshot]] [--chaos PROFILE | --faults FILE] [--port-core-banking P] …',
    flags: {
      clients: { type: 'string' },
      seed: { type: 'string' },
      host: { type: 'string' },
      'port-core-banking': { type: 'string' },
      'port-cards': { type: 'string' },
      'port-crm': { type: 'string' },
      'push-url': { type: 'string' },
      chaos: { type: 'string' },
      faults: { type: 'string' },
      duplicates: { type: 'string' },
      'out-of-order': { type: 'string' },
      snapshot: { type: 'boolean' },
    },
    flagHelp: {
      '--clients N': 'seeded clients (default 100)',
      '--seed S': 'seed of the generated data (default 1); the same seed gives the same bank',
      '--host ADDRESS': 'bind address (default 127.0.0.1)',
      '--port-core-banking P': 'port of the core banking mock (default: a free port; likewise --port-cards, --port-crm)',
      '--push-url URL': "the hub's CacheControl endpoint; every state change is pushed there",
      '--chaos PROFILE': `fault profile applied at start: ${CHAOS_PROFILES.join(', ')}`,
      '--faults FILE': 'fault configuration applied at start (JSON, as PUT /admin/faults takes it)',
      '--duplicates RATE': 'QA: share of pushed events delivered twice, 0 to 1',
      '--out-of-order RATE': 'QA: share of pushed batches delivered in reverse order, 0 to 1',
      '--snapshot': "push the whole current state to --push-url first (the hub's initial load)",
    },
    run: async (values) => {
      const text = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
      const ports = Object.fromEntries(
        MOCK_IDS.flatMap((id) => (text(`port-${id}`) === undefined ? [] : [[id, integerFlag(`--port-${id}`, text(`port-${id}`)!, 0, 65535)]])),
      );
      const pushUrl = text('push-url');
      const duplicateRate = rateFlag('--duplicates', text('duplicates') ?? '0');
      const reorderRate = rateFlag('--out-of-order', text('out-of-order') ?? '0');
      if (!pushUrl && (duplicateRate > 0 || reorderRate > 0)) throw new UsageError('--duplicates and --out-of-order need --push-url');
      if (values.snapshot === true && !pushUrl) throw new UsageError('--snapshot needs --push-url');
      const chaos = text('chaos');
      if (chaos !== undefined && !(CHAOS_PROFILES as readonly string[]).includes(chaos)) {
        throw new UsageError(`--chaos must be one of ${CHAOS_PROFILES.join(', ')}`);
      }
      const faultsFile = text('faults');
      if (chaos !== undefined && faultsFile !== undefined) throw new UsageError('give --chaos or --faults, not both');
      const faults = faultsFile === undefined ? undefined : await readFaultConfig(faultsFile);
      const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'dbp-mocks' } });
      const signalled = stopSignal(logger);
      const running = await startMocks({
        clients: integerFlag('--clients', text('clients') ?? '100', 1, 1_000_000),
        seed: integerFlag('--seed', text('seed') ?? '1', 0, 2 ** 31 - 1),
        ...(text('host') ? { host: text('host')! } : {}),
        ports,
        ...(chaos ? { chaos } : faults ? { chaos: faults } : {}),
        ...(pushUrl
          ? {
              push: {
                endpoint: pushUrl,
                duplicateRate,
                reorderRate,
                onDeliveryError: (error: unknown, attempt: number) => logger.warn({ attempt, err: (error as Error).message }, 'push failed; will retry'),
              },
            }
          : {}),
        onError: (error, operation) => logger.error({ err: error, operation }, 'mock handler failed'),
      });
      for (const id of MOCK_IDS) {
        const mock = running.mocks[id];
        console.log(`${id.padEnd(12)} ${mock.endpoint}  (WSDL ${mock.endpoint}?wsdl, admin ${mock.url}/admin/)`);
      }
      logger.info({ clients: running.dataset.clients.length, push: pushUrl ?? null }, 'mocks running');
      if (values.snapshot === true) logger.info({ snapshot: await running.pushSnapshot() }, 'snapshot pushed');
      await signalled;
      await running.stop();
      logger.info('stopped');
      return 0;
    },
  },
  docs: {
    summary: 'Write the HTML reference of the contracts into a directory.',
    usage: 'dbp-hub docs <output-directory>',
    flags: {},
    flagHelp: {},
    run: async (_values, positionals) => {
      if (positionals.length !== 1) throw new UsageError('docs needs exactly one argument: the output directory');
      const outDir = path.resolve(positionals[0]!);
      const written = await writeReference(outDir);
      console.log(`wrote ${written.length} files to ${outDir} (open ${path.join(outDir, 'index.html')})`);
      return 0;
    },
  },
  conformance: {
    summary: 'Check an implementation of CoreBanking, Cards or CRM against its contract.',
    usage: 'dbp-hub conformance <core-banking|cards|crm> --url ENDPOINT [--client-id ID] [--fixtures FILE] [--junit FILE]',
    flags: {
      url: { type: 'string' },
      fixtures: { type: 'string' },
      junit: { type: 'string' },
      'client-id': { type: 'string' },
      'account-id': { type: 'string' },
      'loan-id': { type: 'string' },
      'card-id': { type: 'string' },
      'deposit-product-code': { type: 'string' },
      'deposit-term-months': { type: 'string' },
      'deposit-amount': { type: 'string' },
      'creditor-iban': { type: 'string' },
    },
    flagHelp: {
      '--url ENDPOINT': 'the SOAP endpoint under test (required)',
      '--client-id ID': 'a test client of the implementation (required, here or in the fixtures file)',
      '--fixtures FILE': 'JSON object of fixtures: clientId, accountId, loanId, cardId, depositProductCode, depositTermMonths, depositAmount, creditorIban',
      '--account-id, --loan-id, --card-id': 'optional fixtures; discovered from the client when absent',
      '--deposit-product-code CODE': 'core-banking: a deposit product the client may open (with --deposit-term-months, default 12, and --deposit-amount, default 1000)',
      '--creditor-iban IBAN': 'core-banking: external IBAN for test transfers (default DE89370400440532013000)',
      '--junit FILE': 'also write the report as JUnit XML',
    },
    run: async (values, positionals) => {
      const [contract, ...extra] = positionals;
      if (!contract || extra.length > 0 || !(CONFORMANCE_CONTRACTS as readonly string[]).includes(contract)) {
        throw new UsageError(`conformance needs one contract: ${CONFORMANCE_CONTRACTS.join(', ')}`);
      }
      const url = typeof values.url === 'string' ? values.url : undefined;
      if (!url || !/^https?:\/\//.test(url)) throw new UsageError('--url must be the http(s) URL of the SOAP endpoint');
      const fixtures: Record<string, string> = typeof values.fixtures === 'string' ? await readFixtures(values.fixtures) : {};
      const flagFixtures: Record<string, string> = {
        'client-id': 'clientId',
        'account-id': 'accountId',
        'loan-id': 'loanId',
        'card-id': 'cardId',
        'deposit-product-code': 'depositProductCode',
        'deposit-term-months': 'depositTermMonths',
        'deposit-amount': 'depositAmount',
        'creditor-iban': 'creditorIban',
      };
      for (const [flag, name] of Object.entries(flagFixtures)) if (typeof values[flag] === 'string') fixtures[name] = values[flag] as string;
      let report;
      try {
        report = await runConformance(contract as ConformanceContract, url, fixtures);
      } catch (error) {
        if (error instanceof FixtureError) throw new UsageError(error.message);
        throw error;
      }
      console.log(formatText(report));
      if (typeof values.junit === 'string') await writeFile(values.junit, formatJUnit(report));
      return report.failed === 0 ? 0 : 1;
    },
  },
  modules: {
    summary: 'Signed modules (connectors, flows): make a key pair, sign module folders, verify them against pinned keys.',
    usage: MODULES_USAGE,
    flags: MODULES_FLAGS,
    flagHelp: MODULES_FLAG_HELP,
    run: async (values, positionals) => {
      try {
        return await runModulesCommand(values, positionals);
      } catch (error) {
        if (error instanceof ModulesUsageError) throw new UsageError(error.message);
        throw error;
      }
    },
  },
  dlq: {
    summary: 'Dead letters of the flows: list, show one, replay it on its flow, or discard it.',
    usage: DLQ_USAGE,
    flags: { flow: { type: 'string' }, limit: { type: 'string' }, after: { type: 'string' } },
    flagHelp: {
      '--flow NAME': 'list only this flow’s dead letters',
      '--limit N': 'dead letters per page (default 50)',
      '--after CURSOR': 'the next page, as printed by the previous one',
    },
    run: async (values, positionals) => {
      // The same store and bus as the hubs: DATA_DIR / DATABASE_URL and AMQP_URL.
      const config = loadConfig(process.env);
      const text = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
      const session = await openDlqSession({ dataDir: config.dataDir, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), ...(config.amqpUrl ? { amqpUrl: config.amqpUrl } : {}) });
      try {
        return await runDlqCommand(
          session.deadLetters,
          positionals,
          { ...(text('flow') ? { flow: text('flow')! } : {}), ...(text('limit') ? { limit: text('limit')! } : {}), ...(text('after') ? { after: text('after')! } : {}) },
          (line) => console.log(line),
        );
      } catch (error) {
        if (error instanceof DlqUsageError) throw new UsageError(error.message);
        throw error;
      } finally {
        await session.close();
      }
    },
  },
  config: {
    summary: 'Print the configuration options as a Markdown table (the README embeds it).',
    usage: 'dbp-hub config',
    flags: {},
    flagHelp: {},
    run: async (_values, positionals) => {
      if (positionals.length > 0) throw new UsageError('config takes no arguments');
      console.log(configTable());
      return 0;
    },
  },
};

/**
 * Resolves on the first SIGINT or SIGTERM; a second one exits at once. Registered before
 * anything listens, so that a stop requested during start-up is not lost.
 */
function stopSignal(logger: Logger): Promise<void> {
  return new Promise<void>((resolve) => {
    let received = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (received) {
        logger.warn({ signal }, 'second signal: exiting without waiting');
        process.exit(1);
      }
      received = true;
      logger.info({ signal }, 'stopping');
      resolve();
    };
    process.on('SIGINT', stop).on('SIGTERM', stop);
  });
}

async function readFaultConfig(file: string): Promise<FaultConfig> {
  try {
    return validateFaultConfig(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    throw new UsageError(`--faults ${file}: ${(error as Error).message}`);
  }
}

async function readFixtures(file: string): Promise<Record<string, string>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--fixtures ${file} cannot be read as JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((value) => typeof value !== 'string')) {
    throw new UsageError(`--fixtures ${file} must hold a JSON object of fixture name → string`);
  }
  return { ...(parsed as Record<string, string>) };
}

function integerFlag(flag: string, value: string, min: number, max: number): number {
  if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}`);
  return Number(value);
}

function rateFlag(flag: string, value: string): number {
  const rate = Number(value);
  if (!/^(0|1|0?\.[0-9]+)$/.test(value) || rate < 0 || rate > 1) throw new UsageError(`${flag} must be a number from 0 to 1`);
  return rate;
}

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `Usage: dbp-hub <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'dbp-hub <command> --help' for a command's options.`;
}

function commandHelp(name: string, command: Command): string {
  const flags = Object.entries({ ...command.flagHelp, '--help': 'show this help' });
  const width = Math.max(...flags.map(([flag]) => flag.length));
  return `Usage: ${command.usage}\n\n${command.summary}\n\nOptions:\n${flags.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`).join('\n')}`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    const command = topic ? COMMANDS[topic] : undefined;
    if (topic && !command) return usageFailure(`unknown command '${topic}'`);
    console.log(command && topic ? commandHelp(topic, command) : mainHelp());
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) return usageFailure(`unknown command '${name}'`);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...rest], options: { ...command.flags, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    return usageFailure(`${name}: ${(error as Error).message}`, name);
  }
  if (parsed.values.help) {
    console.log(commandHelp(name, command));
    return 0;
  }
  try {
    return await command.run(parsed.values, parsed.positionals);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error.message, name);
    if (error instanceof MockStartError) {
      console.error(`dbp-hub: ${error.message}`);
      return 1;
    }
    if (error instanceof ConfigError) {
      console.error(`dbp-hub: configuration error: ${error.message}`);
      return 78;
    }
    throw error;
  }
}

function usageFailure(message: string, command?: string): number {
  console.error(`dbp-hub: ${message}\nRun 'dbp-hub ${command ? `${command} ` : ''}--help' for usage.`);
  return 2;
}
