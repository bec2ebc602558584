import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { CONTRACTS, type Contract } from '../../common/contracts/catalog.js';
import { loadWsdlModel } from '../../common/contracts/wsdl-model.js';
import { requireTool, run, serveContracts, sorted, tail, wsdlUrl, type ServedContracts } from './support.js';

/** The JAX-WS, JAXB, SAAJ, activation and JWS APIs the generated code compiles against (Debian's jars). */
const CLASSPATH = [
  '/usr/share/java/jaxws-api.jar',
  '/usr/share/java/jaxb-api.jar',
  '/usr/share/java/javax.xml.soap-api.jar',
  '/usr/share/java/javax.activation.jar',
  '/usr/share/java/jws-api.jar',
].join(':');

/** wsimport does not know the SOAP 1.2 binding without -Xextension; that one warning is expected. */
function unexpectedDiagnostics(output: string, contract: Contract): string[] {
  const tolerated = `[WARNING] SOAP port "${contract.name}Soap12": uses a non-standard SOAP 1.2 binding.`;
  return output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => /^\[(WARNING|ERROR)\]/.test(line) && line !== tolerated);
}

async function javaFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, encoding: 'utf8' });
  return entries.filter((entry) => entry.endsWith('.java')).map((entry) => path.join(dir, entry));
}

/** Names of the methods declared by a generated service endpoint interface. */
function declaredMethods(source: string): string[] {
  return [...source.matchAll(/^\s*public\s+[\w.<>,?[\]\s]+?\s+(\w+)\s*\(/gm)].map((match) => match[1] ?? '');
}

describe('interop: JAX-WS wsimport generates and compiles a client for every served WSDL', function () {
  this.timeout(180_000);
  let served: ServedContracts;

  before(async function () {
    await requireTool(this, 'wsimport', ['wsimport', '-version']);
    await requireTool(this, 'javac', ['javac', '-version']);
    served = await serveContracts();
  });

  after(async () => {
    await served?.close();
  });

  for (const contract of CONTRACTS) {
    it(`${contract.id}: wsimport without unexpected warnings, javac, one method per operation`, async () => {
      const operations = loadWsdlModel(contract).operations.map((operation) => operation.name);
      const tmp = await mkdtemp(path.join(os.tmpdir(), `interop-jaxws-${contract.id}-`));
      try {
        const src = path.join(tmp, 'src');
        const cls = path.join(tmp, 'cls');
        await Promise.all([mkdir(src), mkdir(cls)]);

        const wsimport = await run(
          'wsimport',
          ['-extension', '-keep', '-Xnocompile', '-s', src, '-d', cls, wsdlUrl(served.baseUrl, contract)],
          { timeoutMs: 120_000 },
        );
        const wsimportOutput = wsimport.stdout + wsimport.stderr;
        expect(wsimport.code, `wsimport exited with ${wsimport.code}\n${tail(wsimportOutput)}`).to.equal(0);
        expect(unexpectedDiagnostics(wsimportOutput, contract), wsimportOutput).to.deep.equal([]);

        const sources = await javaFiles(src);
        const javac = await run('javac', ['-nowarn', '-cp', CLASSPATH, '-d', cls, ...sources], { timeoutMs: 120_000 });
        expect(javac.code, `javac exited with ${javac.code}\n${tail(javac.stdout + javac.stderr)}`).to.equal(0);

        const portType = sources.filter((file) => path.basename(file) === `${contract.name}PortType.java`);
        expect(portType, `${contract.name}PortType.java among the generated sources`).to.have.lengthOf(1);
        const methods = declaredMethods(await readFile(portType[0] ?? '', 'utf8'));
        expect(sorted(methods)).to.deep.equal(sorted(operations.map((name) => name.charAt(0).toLowerCase() + name.slice(1))));

        const sourcesText = await Promise.all(sources.map((file) => readFile(file, 'utf8')));
        const faultClasses = sourcesText.flatMap((text) => [...text.matchAll(/public\s+class\s+(ServiceFault\w*)\s+extends\s+Exception\b/g)]);
        expect(faultClasses.map((match) => match[1]), 'generated ServiceFault exception').to.have.lengthOf(1);
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    });
  }
});
