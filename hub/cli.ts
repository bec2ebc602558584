/**
 * `dbp-hub`: the command line and the composition root. Each command declares its
 * flags and help once; unknown commands and bad flags exit with status 2 and a message.
 */
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { pino } from 'pino';
import { ConfigError, configTable, loadConfig } from './config.js';
import { writeReference } from './docs/reference.js';
import { createHubHttp } from './http/server.js';

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
    summary: 'Run the hub: CacheControl contract, reference docs at /docs, health.',
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
      const http = createHubHttp(config, logger);
      // Listen for signals before listening on the port, so that a stop request that
      // arrives during start-up is not lost. A second signal forces the exit.
      const signalled = new Promise<void>((resolve) => {
        let received = false;
        process.on('SIGINT', stop).on('SIGTERM', stop);
        function stop(signal: NodeJS.Signals): void {
          if (received) {
            logger.warn({ signal }, 'second signal: exiting without waiting');
            process.exit(1);
          }
          received = true;
          logger.info({ signal }, 'stopping');
          resolve();
        }
      });
      await http.start();
      await signalled;
      await http.stop();
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
