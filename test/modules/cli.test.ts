import { spawn } from 'node:child_process';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { DEVELOPMENT_PUBLIC_KEY_FILE } from '../../hub/modules/index.js';
import { ROOT, SAMPLE_FILES, scratch, type Scratch } from './support.js';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `dbp-hub` binary, as test/hub/cli.test.ts does. */
function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/dbp-hub.js'), ...args], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the commands two at a time: each starts a Node process with tsx, and the machine has two cores. */
async function inPairs(commands: readonly (() => Promise<Run>)[]): Promise<Run[]> {
  const results: Run[] = [];
  for (let index = 0; index < commands.length; index += 2) results.push(...(await Promise.all(commands.slice(index, index + 2).map((command) => command()))));
  return results;
}

describe('dbp-hub modules', function () {
  this.timeout(120_000);
  let space: Scratch;
  beforeEach(async () => (space = await scratch()));
  afterEach(() => space.dispose());

  it('prints its help and refuses bad usage with status 2', async () => {
    const dir = await space.module('cards', SAMPLE_FILES);
    const cases: [string[], number][] = [
      [['modules', '--help'], 0],
      [['modules'], 2],
      [['modules', 'sign', dir], 2],
      [['modules', 'verify', '--keys', path.join(space.dir, 'absent.pem'), dir], 2],
    ];
    const results = await inPairs(cases.map(([args]) => () => runCli(args)));
    results.forEach((result, index) => {
      const [args, code] = cases[index]!;
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(code);
      if (code === 0) expect(result.stdout).to.contain('Usage: dbp-hub modules keygen').and.to.contain('--registry');
      else expect(result.stderr, args.join(' ')).to.match(/^dbp-hub: modules/).and.to.contain("Run 'dbp-hub modules --help'");
    });
    expect(results[3]!.stderr).to.contain('absent.pem');
  });

  it('makes a key pair, signs a module and verifies it; refuses a changed module, naming module and file', async () => {
    const keyDir = path.join(space.dir, 'release-key');
    const dir = await space.module('cards', SAMPLE_FILES);
    const privateKey = path.join(keyDir, 'module-signing.private.pem');
    const publicKey = path.join(keyDir, 'module-signing.public.pem');

    const keygen = await runCli(['modules', 'keygen', '--out', keyDir]);
    expect(keygen.code, keygen.stderr).to.equal(0);
    expect((await stat(privateKey)).mode & 0o777).to.equal(0o600);
    expect(await readFile(publicKey, 'utf8')).to.match(/^-----BEGIN PUBLIC KEY-----/);
    const keyId = /key id +([0-9a-f]{64})/.exec(keygen.stdout)?.[1];
    expect(keyId, keygen.stdout).to.be.a('string');

    const privatePem = await readFile(privateKey, 'utf8');
    const again = await runCli(['modules', 'keygen', '--out', keyDir]);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.contain('refusing to overwrite');
    expect(await readFile(privateKey, 'utf8')).to.equal(privatePem);

    const signed = await runCli(['modules', 'sign', '--key', privateKey, dir]);
    expect(signed.code, signed.stderr).to.equal(0);
    expect(signed.stdout).to.contain(`signed cards  4 files  key ${keyId}`);

    const verified = await runCli(['modules', 'verify', '--keys', publicKey, dir]);
    expect(verified.code, verified.stderr).to.equal(0);
    expect(verified.stdout).to.match(/^OK +cards +4 files/m);

    await appendFile(path.join(dir, 'lib', 'mapping.mjs'), ' ');
    await writeFile(path.join(dir, 'lib', 'debug.mjs'), '');
    const [changed, production] = (await inPairs([
      () => runCli(['modules', 'verify', '--keys', publicKey, dir]),
      () => runCli(['modules', 'verify', '--keys', `${publicKey},${path.join(ROOT, DEVELOPMENT_PUBLIC_KEY_FILE)}`, dir], { NODE_ENV: 'production' }),
    ])) as [Run, Run];
    expect(changed.code).to.equal(1);
    const lines = changed.stderr.trim().split('\n');
    expect(lines, changed.stderr).to.have.length(2);
    expect(lines[0]).to.equal('FAIL cards lib/debug.mjs: MODULE_FILE_ADDED the file is in the folder but not in the manifest');
    expect(lines[1]).to.match(/^FAIL cards lib\/mapping\.mjs: MODULE_FILE_CHANGED /);
    expect(production.code).to.equal(78);
    expect(production.stderr).to.contain('development module key');
  });
});
