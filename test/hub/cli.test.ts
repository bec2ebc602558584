import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ConfigError, configTable, loadConfig } from '../../hub/config.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function runCli(args: string[], env: NodeJS.ProcessEnv = {}, untilOutput?: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/dbp-hub.js'), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!signalled && untilOutput?.test(stdout)) signalled = child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('dbp-hub command line', () => {
  it('prints help for the program and for each command', async () => {
    const help = await runCli(['--help']);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.contain('Usage: dbp-hub <command>').and.to.contain('start').and.to.contain('docs');
    for (const command of ['start', 'docs', 'config', 'mocks', 'conformance']) {
      const result = await runCli([command, '--help']);
      expect(result.code, command).to.equal(0);
      expect(result.stdout, command).to.contain(`Usage: dbp-hub ${command}`);
    }
  });

  it('refuses unknown commands, unknown flags and missing arguments with status 2', async function () {
    this.timeout(60_000);
    for (const args of [
      ['bogus'],
      ['docs', '--colour'],
      ['docs'],
      ['start', '--port'],
      ['help', 'bogus'],
      [],
      ['mocks', '--chaos', 'sunshine'],
      ['mocks', '--clients', 'many'],
      ['mocks', '--duplicates', '2'],
      ['mocks', '--faults', '/nonexistent/faults.json'],
      ['conformance'],
      ['conformance', 'ledger', '--url', 'http://127.0.0.1:1/soap/X'],
      ['conformance', 'crm', '--url', 'not-a-url', '--client-id', 'C1'],
      ['conformance', 'crm', '--url', 'http://127.0.0.1:1/soap/Crm'],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).to.equal(2);
      expect(result.stderr + result.stdout, args.join(' ')).to.match(/dbp-hub/);
    }
    expect((await runCli(['bogus'])).stderr).to.contain("unknown command 'bogus'");
  });

  it('refuses a bad configuration value at start, naming it', async () => {
    const result = await runCli(['start'], { HTTP_PORT: '70000' });
    expect(result.code).to.equal(78);
    expect(result.stderr).to.contain('HTTP_PORT="70000"');
  });

  it('starts with the embedded defaults and stops on SIGTERM', async () => {
    const result = await runCli(['start', '--port', '0'], { LOG_LEVEL: 'info' }, /http server listening/);
    expect(result.stdout).to.match(/"msg":"http server listening"/);
    expect(result.stdout).to.match(/"msg":"stopped"/);
    expect(result.code).to.equal(0);
  });
});

describe('dbp-hub mocks and dbp-hub conformance', function () {
  this.timeout(60_000);

  it('runs the mocks, checks one with the conformance kit (JUnit written), and stops on SIGTERM', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dbp-conformance-'));
    let conformance: Awaited<ReturnType<typeof runCli>> | undefined;
    let junit = '';
    try {
      const mocks = await runCli(['mocks', '--clients', '5', '--seed', '3'], { LOG_LEVEL: 'info' }, /"msg":"mocks running"/);
      expect(mocks.stdout).to.match(/core-banking +http:\/\/127\.0\.0\.1:\d+\/soap\/CoreBanking/);
      expect(mocks.stdout).to.match(/"msg":"stopped"/);
      expect(mocks.code).to.equal(0);

      // A second run, kept alive while the kit checks its CRM.
      const child = spawn(process.execPath, [path.join(ROOT, 'bin/dbp-hub.js'), 'mocks', '--clients', '5', '--seed', '3'], { cwd: ROOT });
      const crmUrl = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /crm +(http:\/\/\S+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.once('exit', () => reject(new Error(`mocks exited: ${out}`)));
      });
      try {
        conformance = await runCli(['conformance', 'crm', '--url', crmUrl, '--client-id', 'CL00000001', '--junit', path.join(dir, 'crm.xml')]);
        junit = await readFile(path.join(dir, 'crm.xml'), 'utf8');
      } finally {
        child.kill('SIGTERM');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(conformance?.stdout).to.match(/^PASS +crm\.GetClient\.response/m);
    expect(conformance?.stdout).to.match(/score: 100% \(\d+ of \d+ checks passed, 0 failed\)/);
    expect(conformance?.code).to.equal(0);
    expect(junit).to.match(/<testsuite name="conformance.crm" tests="\d+" failures="0"/);
  });
});

describe('configuration', () => {
  it('has defaults that start on a fresh machine', () => {
    const config = loadConfig({});
    expect(config).to.include({ httpPort: 8080, httpHost: '127.0.0.1', logLevel: 'info' });
    expect(Object.isFrozen(config)).to.equal(true);
  });

  it('reads the environment, then a JSON file, then the defaults', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dbp-config-'));
    try {
      const file = path.join(dir, 'hub.json');
      await writeFile(file, JSON.stringify({ HTTP_PORT: 9001, LOG_LEVEL: 'debug' }));
      const config = loadConfig({ DBP_CONFIG_FILE: file, LOG_LEVEL: 'warn' });
      expect(config).to.include({ httpPort: 9001, logLevel: 'warn' });
      await writeFile(file, JSON.stringify({ HTTP_PROT: 1 }));
      expect(() => loadConfig({ DBP_CONFIG_FILE: file })).to.throw(ConfigError, 'unknown option HTTP_PROT');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the option and the expectation when a value is bad', () => {
    expect(() => loadConfig({ HTTP_PORT: 'eighty' })).to.throw(ConfigError, 'HTTP_PORT="eighty" is invalid: expected a whole number');
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).to.throw(ConfigError, 'LOG_LEVEL');
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://x' })).to.throw(ConfigError, 'PUBLIC_URL');
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: '5' })).to.throw(ConfigError, 'at least 100');
    expect(() => loadConfig({ FLOW_WORK: 'off' })).to.throw(ConfigError, 'FLOW_WORK=off needs AMQP_URL');
    expect(loadConfig({ FLOW_WORK: 'off', AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672' }).flowWork).to.equal('off');
  });

  it('is documented in the README by the generated table', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).to.contain(configTable());
  });
});
