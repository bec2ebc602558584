import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { CONTRACTS_DIR } from '../../common/contracts/catalog.js';
import { requireTool, run } from './support.js';

/** Every schema under wsdl/, relative to it, in a stable order. */
const schemas = readdirSync(CONTRACTS_DIR, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.xsd'))
  .map((file) => file.split(path.sep).join('/'))
  .sort();

describe('interop: xmllint compiles every schema', function () {
  let tmp = '';
  let instance = '';

  before(async function () {
    await requireTool(this, 'xmllint');
    tmp = await mkdtemp(path.join(os.tmpdir(), 'interop-xmllint-'));
    instance = path.join(tmp, 'empty.xml');
    await writeFile(instance, '<empty/>\n');
  });

  after(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('finds schemas to check', () => {
    expect(schemas.length).to.be.greaterThan(0);
  });

  for (const schema of schemas) {
    it(schema, async () => {
      const { stdout, stderr } = await run('xmllint', ['--noout', '--schema', path.join(CONTRACTS_DIR, schema), instance]);
      const output = stdout + stderr;
      expect(output, output).to.not.match(/Schemas parser error|failed to compile/);
      // The schema compiled: validation reached the instance, whose root it does not declare.
      expect(output, output).to.contain('No matching global declaration available for the validation root');
    });
  }
});
