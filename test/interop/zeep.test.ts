import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { CONTRACTS } from '../../common/contracts/catalog.js';
import { loadWsdlModel } from '../../common/contracts/wsdl-model.js';
import { requireTool, run, serveContracts, sorted, tail, wsdlUrl, type ServedContracts } from './support.js';

/** Debian's interpreter, where python3-zeep is installed; another python3 may come first on PATH. */
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./zeep_load.py', import.meta.url));
/** -I: ignore PYTHON* variables and the user's site-packages, so only the system zeep is used. */
const PYTHON_ARGS = ['-I'];

describe('interop: zeep loads every served WSDL', function () {
  this.timeout(60_000);
  let served: ServedContracts;

  before(async function () {
    await requireTool(this, 'python3-zeep', [PYTHON, ...PYTHON_ARGS, '-c', 'import zeep']);
    served = await serveContracts();
  });

  after(async () => {
    await served?.close();
  });

  for (const contract of CONTRACTS) {
    it(`${contract.id}: both ports with exactly the operations of the WSDL, strict and without warnings`, async () => {
      const operations = sorted(loadWsdlModel(contract).operations.map((operation) => operation.name));
      const { code, stdout, stderr } = await run(PYTHON, [...PYTHON_ARGS, SCRIPT, wsdlUrl(served.baseUrl, contract)], {
        env: { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' },
      });
      expect(code, `zeep_load.py exited with ${code}\n${tail(stderr)}`).to.equal(0);
      const services = JSON.parse(stdout) as Record<string, Record<string, string[]>>;
      const ports = Object.fromEntries(
        Object.entries(services).map(([service, byPort]) => [
          service,
          Object.fromEntries(Object.entries(byPort).map(([port, names]) => [port, sorted(names)])),
        ]),
      );
      expect(ports).to.deep.equal({
        [`${contract.name}Service`]: { [`${contract.name}Soap11`]: operations, [`${contract.name}Soap12`]: operations },
      });
    });
  }
});
