import { readdirSync } from 'node:fs';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import {
  MANIFEST_FILE,
  ModuleVerificationError,
  SIGNATURE_FILE,
  generateKeys,
  hubModules,
  loadHubModules,
  parsePublicKey,
  runningTree,
  signModule,
  verifyHubModules,
} from '../../hub/modules/index.js';
import { ROOT, rejection, scratch, type Scratch } from './support.js';

describe('signed modules: registry', () => {
  it('finds the connectors beside the sources when run through tsx', () => {
    const tree = runningTree();
    expect(tree).to.deep.equal({ root: ROOT, extension: '.ts' });
    const modules = hubModules(tree);
    // Every connector and flow folder is a signed module, and nothing else is.
    const folders = ['connectors', 'flows'].flatMap((top) => readdirSync(path.join(ROOT, top), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => `${top}/${entry.name}`));
    expect(modules.map((module) => module.name).sort()).to.deep.equal(folders.sort());
    expect(modules[0]).to.deep.equal({ name: 'connectors/shared', dir: path.join(ROOT, 'connectors', 'shared'), entry: 'index.ts' });
    expect(modules.find((module) => module.name === 'connectors/cards')).to.deep.equal({ name: 'connectors/cards', dir: path.join(ROOT, 'connectors', 'cards'), entry: 'index.ts' });
  });

  it('maps the same names into the compiled build, where tsconfig.build.json and the image put it', async () => {
    // The compiled tree keeps the source layout (rootDir ".") under build/dist, which the image copies.
    const base = JSON.parse(await readFile(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: { rootDir: string; outDir: string } };
    const build = JSON.parse(await readFile(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[]; compilerOptions: { rootDir?: string; outDir?: string } };
    expect({ rootDir: build.compilerOptions.rootDir ?? base.compilerOptions.rootDir, outDir: build.compilerOptions.outDir ?? base.compilerOptions.outDir }).to.deep.equal({ rootDir: '.', outDir: 'build/dist' });
    expect(build.include).to.include.members(['hub', 'connectors', 'flows']);
    expect(await readFile(path.join(ROOT, 'Dockerfile'), 'utf8')).to.contain('COPY --from=build /app/build/dist ./build/dist');
    const dist = path.join(ROOT, 'build', 'dist');
    expect(hubModules({ root: dist, extension: '.js' })[1]).to.deep.equal({ name: 'connectors/core-banking', dir: path.join(dist, 'connectors', 'core-banking'), entry: 'index.js' });
  });
});

describe('signed modules: loading the registry', () => {
  let space: Scratch;
  const marker = '__dbpRegistryLoadMarker';
  const global = globalThis as Record<string, unknown>;
  beforeEach(async () => {
    space = await scratch();
    delete global[marker];
  });
  afterEach(async () => {
    delete global[marker];
    await space.dispose();
  });

  async function compiledTree(): Promise<string> {
    // A compiled tree as build/dist holds it: .js files of an ESM package.
    await writeFile(path.join(space.dir, 'package.json'), '{"type":"module"}');
    for (const { name } of hubModules({ root: space.dir, extension: '.js' })) {
      await space.module(
        name,
        name === 'connectors/shared'
          ? { 'caller.js': `globalThis.${marker} = 'shared ran';\nexport const caller = (id) => 'called ' + id;\n`, 'index.js': `export { caller } from './caller.js';\n` }
          : { 'index.js': `import { caller } from '../../connectors/shared/caller.js';\nexport const greeting = caller('${name}');\n` },
      );
    }
    return space.dir;
  }

  it('verifies every module, then imports the entries under their registered names', async () => {
    const tree = { root: await compiledTree(), extension: '.js' as const };
    const release = generateKeys();
    for (const module of hubModules(tree)) await signModule(module.dir, release.privateKeyPem, module.name);
    const keys = [parsePublicKey(release.publicKeyPem, 'release')];
    expect((await verifyHubModules(keys, hubModules(tree))).map((module) => module.name)).to.deep.equal(hubModules(tree).map((module) => module.name));
    const loaded = await loadHubModules(keys, hubModules(tree));
    expect([...loaded.keys()]).to.deep.equal(hubModules(tree).map((module) => module.name));
    expect((loaded.get('connectors/cards') as { greeting: string }).greeting).to.equal('called connectors/cards');
  });

  it('imports nothing when any module fails, even one loaded last', async () => {
    const tree = { root: await compiledTree(), extension: '.js' as const };
    const release = generateKeys();
    for (const module of hubModules(tree)) await signModule(module.dir, release.privateKeyPem, module.name);
    const last = hubModules(tree).at(-1)!;
    await writeFile(path.join(last.dir, 'index.js'), 'export const greeting = "changed";\n');
    const error = await rejection(loadHubModules([parsePublicKey(release.publicKeyPem, 'release')], hubModules(tree)));
    expect(error).to.be.instanceOf(ModuleVerificationError);
    expect(error.message.startsWith(`module ${last.name}: index.js: `), error.message).to.equal(true);
    expect(global[marker]).to.equal(undefined);
  });

  it('refuses a signed module copied over another one', async () => {
    const tree = { root: await compiledTree(), extension: '.js' as const };
    const release = generateKeys();
    for (const module of hubModules(tree)) await signModule(module.dir, release.privateKeyPem, module.name);
    const cards = path.join(tree.root, 'connectors', 'cards');
    const crm = path.join(tree.root, 'connectors', 'crm');
    for (const file of ['index.js', MANIFEST_FILE, SIGNATURE_FILE]) await copyFile(path.join(cards, file), path.join(crm, file));
    const error = (await rejection(verifyHubModules([parsePublicKey(release.publicKeyPem, 'release')], hubModules(tree)))) as ModuleVerificationError;
    expect([error.code, error.module, error.file]).to.deep.equal(['MODULE_MANIFEST_INVALID', 'connectors/crm', MANIFEST_FILE]);
  });
});
