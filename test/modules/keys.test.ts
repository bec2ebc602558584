import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { ConfigError } from '../../hub/config.js';
import {
  DEVELOPMENT_KEY,
  DEVELOPMENT_KEY_ID,
  DEVELOPMENT_PRIVATE_KEY_FILE,
  DEVELOPMENT_PUBLIC_KEY_FILE,
  DEVELOPMENT_PUBLIC_KEY_PEM,
  ModuleKeyError,
  generateKeys,
  readPrivateKeyFile,
  trustedModuleKeys,
  type ModuleKeyErrorReason,
} from '../../hub/modules/index.js';
import { ROOT, scratch, type Scratch } from './support.js';

function keyError(run: () => unknown, reason: ModuleKeyErrorReason): ModuleKeyError {
  try {
    run();
  } catch (error) {
    expect(error, (error as Error).message).to.be.instanceOf(ModuleKeyError);
    // A ConfigError: `dbp-hub start` exits 78 with the message, no stack.
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as ModuleKeyError).reason, (error as Error).message).to.equal(reason);
    return error as ModuleKeyError;
  }
  return expect.fail(`expected ${reason}`);
}

describe('signed modules: keys', () => {
  let space: Scratch;
  beforeEach(async () => (space = await scratch()));
  afterEach(() => space.dispose());

  it('embeds the development public key of keys/development, whose private key signs for it', async () => {
    expect(await readFile(path.join(ROOT, DEVELOPMENT_PUBLIC_KEY_FILE), 'utf8')).to.equal(DEVELOPMENT_PUBLIC_KEY_PEM);
    expect(DEVELOPMENT_KEY.keyId).to.equal(DEVELOPMENT_KEY_ID);
    const privateKey = readPrivateKeyFile(path.join(ROOT, DEVELOPMENT_PRIVATE_KEY_FILE));
    const data = Buffer.from('module manifest');
    expect(verify(null, data, DEVELOPMENT_KEY.publicKey, sign(null, data, privateKey))).to.equal(true);
    expect(await readFile(path.join(ROOT, 'keys/development/README.md'), 'utf8')).to.match(/production/i);
  });

  it('trusts only the development key by default, outside production', () => {
    expect(trustedModuleKeys({ production: false }).map((key) => key.keyId)).to.deep.equal([DEVELOPMENT_KEY_ID]);
    expect(trustedModuleKeys({ keyFiles: [], production: false }).map((key) => key.keyId)).to.deep.equal([DEVELOPMENT_KEY_ID]);
  });

  it('refuses the development key in production, under any file name, and requires keys there', async () => {
    keyError(() => trustedModuleKeys({ production: true }), 'MODULE_KEYS_REQUIRED');
    const copy = path.join(space.dir, 'release.public.pem');
    await copyFile(path.join(ROOT, DEVELOPMENT_PUBLIC_KEY_FILE), copy);
    const release = generateKeys();
    const releaseFile = path.join(space.dir, 'bank-release.public.pem');
    await writeFile(releaseFile, release.publicKeyPem);
    const refused = keyError(() => trustedModuleKeys({ keyFiles: [releaseFile, copy], production: true }), 'MODULE_DEVELOPMENT_KEY_REFUSED');
    expect(refused.message).to.contain(copy);
    // The same files outside production, and the release key alone in production, are fine.
    expect(trustedModuleKeys({ keyFiles: [releaseFile, copy], production: false }).map((key) => key.keyId)).to.have.members([release.keyId, DEVELOPMENT_KEY_ID]);
    expect(trustedModuleKeys({ keyFiles: [releaseFile], production: true }).map((key) => key.keyId)).to.deep.equal([release.keyId]);
  });

  it('refuses key files that are missing, private, or not Ed25519', async () => {
    keyError(() => trustedModuleKeys({ keyFiles: [path.join(space.dir, 'absent.pem')], production: false }), 'MODULE_KEY_INVALID');
    const privateFile = path.join(space.dir, 'private.pem');
    await writeFile(privateFile, generateKeys().privateKeyPem);
    expect(keyError(() => trustedModuleKeys({ keyFiles: [privateFile], production: false }), 'MODULE_KEY_INVALID').message).to.contain('private key');
    const ecFile = path.join(space.dir, 'ec.pem');
    await writeFile(ecFile, generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }).publicKey);
    expect(keyError(() => trustedModuleKeys({ keyFiles: [ecFile], production: false }), 'MODULE_KEY_INVALID').message).to.contain('Ed25519');
  });
});
