import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import {
  MANIFEST_FILE,
  ModuleVerificationError,
  SIGNATURE_FILE,
  generateKeys,
  loadVerifiedModule,
  parsePublicKey,
  signModule,
  verifyModule,
  type ModuleVerificationCode,
  type TrustedModuleKey,
} from '../../hub/modules/index.js';
import { SAMPLE_FILES, rejection, scratch, type Scratch } from './support.js';

const signer = generateKeys();
const trusted: readonly TrustedModuleKey[] = [parsePublicKey(signer.publicKeyPem, 'test key')];

async function refusal(promise: Promise<unknown>, code: ModuleVerificationCode, file: string): Promise<ModuleVerificationError> {
  const error = await rejection(promise);
  expect(error, error.message).to.be.instanceOf(ModuleVerificationError);
  const refused = error as ModuleVerificationError;
  expect(refused.code, refused.message).to.equal(code);
  expect(refused.file).to.equal(file);
  expect(refused.message).to.contain(file);
  return refused;
}

describe('signed modules: signing and verification', () => {
  let space: Scratch;
  let dir: string;

  beforeEach(async () => {
    space = await scratch();
    dir = await space.module('cards', SAMPLE_FILES);
    await signModule(dir, signer.privateKeyPem);
  });
  afterEach(() => space.dispose());

  it('verifies a clean module: every file, hidden files and source maps included, in byte order', async () => {
    const verified = await verifyModule(dir, trusted);
    expect(verified).to.include({ name: 'cards', dir, keyId: signer.keyId });
    expect(verified.files.map((file) => file.path)).to.deep.equal(['.editorconfig', 'index.mjs', 'lib/mapping.mjs', 'lib/mapping.mjs.map']);
    const index = verified.files.find((file) => file.path === 'index.mjs')!;
    expect(index.size).to.equal(Buffer.byteLength(SAMPLE_FILES['index.mjs']!));
    expect(index.sha256).to.match(/^[0-9a-f]{64}$/);
  });

  it('writes the same canonical bytes for the same content, and names the module and the key', async () => {
    const first = await readFile(path.join(dir, MANIFEST_FILE));
    const firstSignature = await readFile(path.join(dir, SIGNATURE_FILE));
    await signModule(dir, signer.privateKeyPem);
    expect((await readFile(path.join(dir, MANIFEST_FILE))).equals(first)).to.equal(true);
    expect((await readFile(path.join(dir, SIGNATURE_FILE))).equals(firstSignature)).to.equal(true);
    const manifest = JSON.parse(first.toString('utf8')) as Record<string, unknown>;
    expect(first.toString('utf8')).to.equal(JSON.stringify(manifest)).and.to.match(/^\{"files":\[/);
    expect(manifest).to.include({ format: 'dbp-module-manifest/1', module: 'cards', keyId: signer.keyId });
  });

  it('refuses a one-byte change of a file, naming the module and the file', async () => {
    const file = path.join(dir, 'lib', 'mapping.mjs');
    const bytes = await readFile(file);
    bytes[0] = bytes[0]! ^ 0x01; // same size, one bit of one byte
    await writeFile(file, bytes);
    const refused = await refusal(verifyModule(dir, trusted), 'MODULE_FILE_CHANGED', 'lib/mapping.mjs');
    expect(refused.module).to.equal('cards');
    expect(refused.message).to.match(/^module cards: lib\/mapping\.mjs: /);
  });

  it('refuses an added file, a hidden editor file included', async () => {
    await writeFile(path.join(dir, 'lib', '.mapping.mjs.swp'), 'swap');
    await refusal(verifyModule(dir, trusted), 'MODULE_FILE_ADDED', 'lib/.mapping.mjs.swp');
  });

  it('refuses a removed file', async () => {
    await unlink(path.join(dir, 'lib', 'mapping.mjs.map'));
    await refusal(verifyModule(dir, trusted), 'MODULE_FILE_MISSING', 'lib/mapping.mjs.map');
  });

  it('lists every problem of a folder, in path order', async () => {
    await appendFile(path.join(dir, 'index.mjs'), '// more');
    await unlink(path.join(dir, '.editorconfig'));
    await writeFile(path.join(dir, 'extra.mjs'), '');
    const refused = await refusal(verifyModule(dir, trusted), 'MODULE_FILE_MISSING', '.editorconfig');
    expect(refused.problems.map((problem) => [problem.code, problem.file])).to.deep.equal([
      ['MODULE_FILE_MISSING', '.editorconfig'],
      ['MODULE_FILE_ADDED', 'extra.mjs'],
      ['MODULE_FILE_CHANGED', 'index.mjs'],
    ]);
    expect(refused.message).to.contain('and 2 more problems');
  });

  it('refuses a manifest signed by a key that is not trusted', async () => {
    const foreign = generateKeys();
    await signModule(dir, foreign.privateKeyPem);
    const refused = await refusal(verifyModule(dir, trusted), 'MODULE_KEY_UNTRUSTED', SIGNATURE_FILE);
    expect(refused.message).to.contain(foreign.keyId);
    // Trusting the foreign key as well makes the same folder acceptable.
    expect((await verifyModule(dir, [...trusted, parsePublicKey(foreign.publicKeyPem, 'foreign')])).keyId).to.equal(foreign.keyId);
  });

  it('refuses a manifest edited after signing even though it names a trusted key', async () => {
    // The attack: change a file and write its new hash into the manifest.
    const file = path.join(dir, 'index.mjs');
    await writeFile(file, "export const loaded = 'evil!';\n");
    const manifestFile = path.join(dir, MANIFEST_FILE);
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { files: { path: string; sha256: string; size: number }[] };
    const entry = manifest.files.find((candidate) => candidate.path === 'index.mjs')!;
    const bytes = await readFile(file);
    entry.sha256 = createHash('sha256').update(bytes).digest('hex');
    entry.size = bytes.length;
    await writeFile(manifestFile, JSON.stringify(manifest));
    await refusal(verifyModule(dir, trusted), 'MODULE_SIGNATURE_INVALID', MANIFEST_FILE);
  });

  it('refuses a module signed under another name than the one expected', async () => {
    await refusal(verifyModule(dir, trusted, { name: 'crm' }), 'MODULE_MANIFEST_INVALID', MANIFEST_FILE);
    expect((await verifyModule(dir, trusted, { name: 'cards' })).name).to.equal('cards');
  });

  it('refuses a symbolic link inside the folder, when verifying and when signing', async () => {
    await symlink(path.join(dir, 'index.mjs'), path.join(dir, 'lib', 'alias.mjs'));
    await refusal(verifyModule(dir, trusted), 'MODULE_FILE_UNSAFE', 'lib/alias.mjs');
    await refusal(signModule(dir, signer.privateKeyPem), 'MODULE_FILE_UNSAFE', 'lib/alias.mjs');
  });

  it('refuses a signed file replaced by a link, and a manifest that is a link', async () => {
    const outside = await space.module('outside', { 'index.mjs': SAMPLE_FILES['index.mjs']! });
    await unlink(path.join(dir, 'index.mjs'));
    await symlink(path.join(outside, 'index.mjs'), path.join(dir, 'index.mjs'));
    const refused = await refusal(verifyModule(dir, trusted), 'MODULE_FILE_UNSAFE', 'index.mjs');
    expect(refused.problems).to.have.length(1);

    await signModule(outside, signer.privateKeyPem, 'cards');
    await rm(path.join(dir, MANIFEST_FILE));
    await symlink(path.join(outside, MANIFEST_FILE), path.join(dir, MANIFEST_FILE));
    await refusal(verifyModule(dir, trusted), 'MODULE_FILE_UNSAFE', MANIFEST_FILE);
  });

  it('refuses a special file (FIFO)', async () => {
    execFileSync('mkfifo', [path.join(dir, 'lib', 'pipe')]);
    await refusal(verifyModule(dir, trusted), 'MODULE_FILE_UNSAFE', 'lib/pipe');
  });

  it('refuses a folder without manifest or signature, and a missing folder', async () => {
    await unlink(path.join(dir, SIGNATURE_FILE));
    await refusal(verifyModule(dir, trusted), 'MODULE_MANIFEST_MISSING', SIGNATURE_FILE);
    await unlink(path.join(dir, MANIFEST_FILE));
    await refusal(verifyModule(dir, trusted), 'MODULE_MANIFEST_MISSING', MANIFEST_FILE);
    const missing = await refusal(verifyModule(path.join(space.dir, 'crm'), trusted, { name: 'connectors/crm' }), 'MODULE_MANIFEST_MISSING', MANIFEST_FILE);
    expect(missing.message).to.match(/^module connectors\/crm: /);
  });

  it('refuses a malformed signature file', async () => {
    await writeFile(path.join(dir, SIGNATURE_FILE), '{"algorithm":"ed25519"}');
    await refusal(verifyModule(dir, trusted), 'MODULE_SIGNATURE_INVALID', SIGNATURE_FILE);
  });
});

describe('signed modules: loading', () => {
  let space: Scratch;
  const marker = '__dbpModuleLoadMarker';
  const global = globalThis as Record<string, unknown>;

  beforeEach(async () => {
    space = await scratch();
    delete global[marker];
  });
  afterEach(async () => {
    delete global[marker];
    await space.dispose();
  });

  it('imports the entry of a verified module', async () => {
    const dir = await space.module('flows-timeline', { 'index.mjs': "import { value } from './lib/value.mjs';\nexport const answer = value;\n", 'lib/value.mjs': 'export const value = 42;\n' });
    await signModule(dir, signer.privateKeyPem, 'flows/timeline');
    const loaded = await loadVerifiedModule<{ answer: number }>(dir, 'index.mjs', trusted, { name: 'flows/timeline' });
    expect(loaded.exports.answer).to.equal(42);
    expect(loaded.module.name).to.equal('flows/timeline');
  });

  it('runs nothing of a module that fails verification', async () => {
    const dir = await space.module('tampered', { 'index.mjs': `globalThis.${marker} = 'ran';\nexport const ok = true;\n` });
    await signModule(dir, signer.privateKeyPem);
    await appendFile(path.join(dir, 'index.mjs'), '\n');
    await refusal(loadVerifiedModule(dir, 'index.mjs', trusted), 'MODULE_FILE_CHANGED', 'index.mjs');
    expect(global[marker]).to.equal(undefined);
  });

  it('imports only an entry that is one of the signed files', async () => {
    const dir = await space.module('entry', { 'index.mjs': 'export const ok = true;\n' });
    await signModule(dir, signer.privateKeyPem);
    await writeFile(path.join(space.dir, 'outside.mjs'), `globalThis.${marker} = 'ran';\n`);
    await refusal(loadVerifiedModule(dir, '../outside.mjs', trusted), 'MODULE_FILE_MISSING', '../outside.mjs');
    expect(global[marker]).to.equal(undefined);
  });
});
