import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { CONTRACTS } from '../../common/contracts/catalog.js';
import { createPayloadValidator, type PayloadValidator } from '../../common/contracts/validator.js';
import { loadWsdlModel } from '../../common/contracts/wsdl-model.js';
import { main } from '../../hub/cli.js';
import { buildReference, type Reference } from '../../hub/docs/reference.js';

describe('reference documentation', () => {
  let reference: Reference;
  const validators = new Map<string, PayloadValidator>();

  before(() => {
    reference = buildReference();
    for (const contract of CONTRACTS) validators.set(contract.id, createPayloadValidator(contract));
  });
  after(() => {
    for (const validator of validators.values()) validator.dispose();
  });

  it('has an index, the common types, the fault catalog and one page per contract', () => {
    for (const page of ['index.html', 'common.html', 'faults.html', ...CONTRACTS.map((contract) => `${contract.id}.html`)]) {
      expect(reference.files.has(page), page).to.equal(true);
    }
    expect(reference.files.get('faults.html')).to.contain('id="INSUFFICIENT_FUNDS"');
  });

  for (const contract of CONTRACTS) {
    it(`${contract.name}: documents each operation with trees, faults and example envelopes`, () => {
      const html = reference.files.get(`${contract.id}.html`) ?? '';
      for (const op of loadWsdlModel(contract).operations) {
        const start = html.indexOf(`id="op-${op.name}"`);
        expect(start, op.name).to.be.greaterThan(-1);
        const section = html.slice(start, html.indexOf('</section>', start));
        expect(section, op.name).to.contain('<h4>Request').and.to.contain('<h4>Response').and.to.contain('<h4>Faults');
        for (const code of op.faultCodes) expect(section, `${op.name} ${code}`).to.contain(`faults.html#${code}`);
        expect(section, op.name).to.contain('SOAP 1.1 request').and.to.contain('SOAP 1.2 fault');
        const kinds = reference.examples.filter((example) => example.contract === contract.id && example.operation === op.name);
        expect(kinds.map((example) => `${example.kind} ${example.soapVersion}`).sort()).to.deep.equal([
          'fault 1.1', 'fault 1.2', 'request 1.1', 'request 1.2', 'response 1.1', 'response 1.2',
        ]);
      }
      for (const file of ['.wsdl', '.xsd']) expect(reference.files.has(`contracts/${contract.wsdl.replace(/\.wsdl$/, file)}`)).to.equal(true);
    });

    it(`${contract.name}: every example envelope validates against the contract's schema`, () => {
      const validator = validators.get(contract.id)!;
      const examples = reference.examples.filter((example) => example.contract === contract.id);
      expect(examples.length).to.be.greaterThan(0);
      for (const example of examples) {
        const result = validator.validateEnvelopePayload(example.xml);
        expect(result, `${example.operation} ${example.kind} SOAP ${example.soapVersion}: ${JSON.stringify(result)}`).to.deep.equal({ valid: true });
      }
    });
  }

  it('the validation that checks the examples does reject a broken one', () => {
    const example = reference.examples.find((item) => item.contract === 'cache-control' && item.kind === 'request');
    expect(example).to.not.equal(undefined);
    const validator = validators.get('cache-control')!;
    const broken = example!.xml.replace('<cmn:currency>EUR</cmn:currency>', '<cmn:currency>eur</cmn:currency>');
    expect(broken).to.not.equal(example!.xml);
    const result = validator.validateEnvelopePayload(broken);
    expect(result.valid).to.equal(false);
  });

  it('`dbp-hub docs <dir>` writes the browsable reference', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dbp-docs-'));
    try {
      expect(await main(['docs', dir])).to.equal(0);
      const files = await readdir(dir);
      expect(files).to.include.members(['index.html', 'faults.html', 'common.html', ...CONTRACTS.map((contract) => `${contract.id}.html`)]);
      const index = await readFile(path.join(dir, 'index.html'), 'utf8');
      for (const contract of CONTRACTS) expect(index).to.contain(`href="${contract.id}.html"`);
      expect(await readFile(path.join(dir, 'contracts/common/v1/common.xsd'), 'utf8')).to.contain('urn:dbp:common:v1');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
