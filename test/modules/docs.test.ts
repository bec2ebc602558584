import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { MANIFEST_FILE, MANIFEST_FORMAT, MODULE_VERIFICATION_CODES, SIGNATURE_FILE, SIGNATURE_FORMAT, type ModuleKeyErrorReason } from '../../hub/modules/index.js';
import { ROOT } from './support.js';

describe('signed modules: documentation', () => {
  it('documents every verification code, key error and format name that the code uses', async () => {
    const doc = await readFile(path.join(ROOT, 'docs', 'modules.md'), 'utf8');
    const documentedCodes = [...doc.matchAll(/^\| `(MODULE_[A-Z_]+)` \|/gm)].map((match) => match[1]);
    expect(documentedCodes).to.have.members([...MODULE_VERIFICATION_CODES]);
    const keyReasons: readonly ModuleKeyErrorReason[] = ['MODULE_KEY_INVALID', 'MODULE_KEYS_REQUIRED', 'MODULE_DEVELOPMENT_KEY_REFUSED'];
    for (const text of [...keyReasons, MANIFEST_FILE, SIGNATURE_FILE, MANIFEST_FORMAT, SIGNATURE_FORMAT]) expect(doc, text).to.contain(text);
  });
});
