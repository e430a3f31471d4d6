#!/usr/bin/env node
// Builds what ships: src/cli/main.ts and everything it imports, dependencies included, bundled into
// dist/cli/ (run by `npm run build`; types are checked by `npm run typecheck`, tests run the sources).
//
// Why a bundle: `read` spent ~150 ms before its first request resolving and loading some 600 module
// files (got, yargs and ajv are most of them); one file per command loads in a fraction of that, for
// every check, discover and read the platform starts. Commands stay lazily loaded (code splitting), so
// `spec` still loads almost nothing, and the Redis client only in webhook mode. The licence notices of
// the bundled packages are written beside the bundle, since their files no longer ship.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: `node${/\d+/.exec(pkg.engines.node)[0]}`,
  chunkNames: 'chunk-[hash]',
  // Some bundled CommonJS packages require Node's built-ins, which an ES module cannot do without this.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  legalComments: 'none',
  sourcemap: false,
  metafile: true,
  logLevel: 'warning',
});

// One notice per bundled package: name, version and its licence file's text.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) continue;
  const nameParts = parts[at + 1]?.startsWith('@') ? 2 : 1;
  const dir = join(root, ...parts.slice(0, at + 1 + nameParts));
  if (!packages.has(dir)) packages.set(dir, JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')));
}
const notices = new Map();
for (const [dir, meta] of [...packages].sort(([, a], [, b]) => a.name.localeCompare(b.name))) {
  const id = `${meta.name} ${meta.version}`;
  if (notices.has(id)) continue;
  const files = readdirSync(dir);
  // The licence, and (Apache-2.0 asks for it) the NOTICE file when the package has one.
  const texts = [];
  for (const pattern of [/^(licen[cs]e|copying)(\.|-|$)/i, /^notice(\.|$)/i]) {
    const file = files.find((name) => pattern.test(name));
    if (file) texts.push((await readFile(join(dir, file), 'utf8')).trim());
  }
  notices.set(id, `## ${id} (${meta.license ?? 'no licence field'})\n\n${texts.length > 0 ? texts.join('\n\n') : `Licence: ${meta.license ?? 'see the package'}`}\n`);
}
const header = `# Third-party software in dist/\n\nsource-coding's bundle (dist/cli/) contains these packages, under their own licences.\n\n`;
await writeFile(join(root, 'dist', 'THIRD_PARTY_NOTICES.md'), header + [...notices.values()].join('\n'));
const bundled = Object.keys(result.metafile.outputs).map((file) => relative(root, file).split(sep).join('/'));
console.log(`bundled ${bundled.length} files into dist/cli/ with ${packages.size} packages (notices in dist/THIRD_PARTY_NOTICES.md)`);
