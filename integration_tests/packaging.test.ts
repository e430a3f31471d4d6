/**
 * Packaging for Airbyte, Meltano and `docker run`, checked where no Docker engine runs: metadata.yaml
 * against Airbyte's registry schema, the Dockerfile against metadata.yaml and Airbyte's image
 * conventions (CAT's test_image_labels and test_image_environment_variables), the npm package installed
 * from its tarball into an empty folder and run (that package is what the image contains), and the
 * documentation's shape, Meltano example and docker run example.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { mkdtemp, readFile, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, posix } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { expect } from 'chai';
import yaml from 'js-yaml';
import { isObject, type JsonObject } from '../src/json.js';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { STREAMS } from '../src/streams/index.js';
import { tempFiles } from '../src/test-support/cli-runner.js';
import { assertValidMessage, metadataSchemaFile, projectRoot, sharedAvailable, skipWithoutShared } from '../src/test-support/protocol-schema.js';
import { all, entrypoint, env, labels, lastValue, parseDockerfile, type Stage } from './support/dockerfile.js';
import { catalogOf, configFor, discover, readJson } from './support/harness.js';
import { walk } from './support/schema-walk.js';

interface Metadata {
  metadataSpecVersion: string;
  data: {
    name: string;
    dockerRepository: string;
    dockerImageTag: string;
    documentationUrl: string;
    allowedHosts?: { hosts?: string[] };
    suggestedStreams?: { streams?: string[] };
  };
}

const metadata = yaml.load(readFileSync(join(projectRoot, 'metadata.yaml'), 'utf8')) as Metadata;
const packageJson = readJson<{ name: string; version: string; bin: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> }>('package.json');
const stages = parseDockerfile(readFileSync(join(projectRoot, 'Dockerfile'), 'utf8'));
const runtime = stages[stages.length - 1] as Stage;
const spec = readJson<JsonObject>('spec.json');

interface Output {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The installed executable's output as protocol messages, each validated against the official schema. */
function messagesOf(output: Output): JsonObject[] {
  return output.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const parsed = JSON.parse(line) as JsonObject;
      if (sharedAvailable()) assertValidMessage(parsed);
      return parsed;
    });
}

function headings(markdown: string): Array<{ level: number; text: string; line: number }> {
  const found: Array<{ level: number; text: string; line: number }> = [];
  let fenced = false;
  markdown.split('\n').forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const match = fenced ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (match) found.push({ level: (match[1] ?? '').length, text: match[2] ?? '', line: index });
  });
  return found;
}

describe('metadata.yaml', function () {
  it('validates against Airbyte\u2019s ConnectorMetadataDefinitionV0 schema', function () {
    skipWithoutShared(this);
    const schema = JSON.parse(readFileSync(metadataSchemaFile, 'utf8')) as JsonObject;
    // The bundled schema keeps the $id of each file it was assembled from, yet its $refs point from the
    // bundle's root ("#/properties/data/..."); without the inner $ids they resolve as intended.
    for (const [path, node] of walk(schema)) if (path.length > 0 && isObject(node)) delete node.$id;
    // It also gives a definition's name as a `type` (ConnectorMetric, under `generated`, which Airbyte's CI
    // fills in and a connector never writes); such a node accepts anything here rather than break compilation.
    const jsonTypes = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];
    for (const [, node] of walk(schema)) if (isObject(node) && typeof node.type === 'string' && !jsonTypes.includes(node.type)) delete node.type;
    expect(metadata.data, 'generated is filled in by Airbyte\u2019s CI').to.not.have.property('generated');
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(metadata), JSON.stringify(validate.errors, null, 1)).to.equal(true);
  });

  it('dockerImageTag is the package version, and documentationUrl the one SPEC prints', function () {
    expect(metadata.data.dockerImageTag).to.equal(packageJson.version);
    expect(readJson<JsonObject>('integration_tests/expected_spec.json').documentationUrl).to.equal(metadata.data.documentationUrl);
  });

  describe('TestConnectorAttributes (CAT, certified connectors)', function () {
    it('test_streams_define_primary_key', async function () {
      // discover reads the custom-field definitions (typed columns of issues), so it needs Coding: the simulator.
      const sim = await startSimulator({ port: 0 });
      try {
        const { 'config.json': configPath = '' } = await tempFiles({ 'config.json': configFor(sim, 'integration_tests/sample_config.json') });
        const streams = catalogOf(await discover(configPath));
        expect(streams).to.have.length(STREAMS.length);
        expect(streams.filter((s) => !s.source_defined_primary_key?.length).map((s) => s.name), 'streams without a primary key').to.deep.equal([]);
      } finally {
        await sim.close();
      }
    });

    it('test_certified_connector_has_allowed_hosts', function () {
      expect(metadata.data.allowedHosts?.hosts, 'allowedHosts.hosts').to.be.an('array').that.is.not.empty;
    });

    it('test_certified_connector_has_suggested_streams', function () {
      const suggested = metadata.data.suggestedStreams?.streams;
      expect(suggested, 'suggestedStreams.streams').to.be.an('array').that.is.not.empty;
      expect(STREAMS.map((s) => s.name)).to.include.members(suggested as string[]);
    });
  });
});

describe('Dockerfile', function () {
  it('test_image_labels: io.airbyte.name and io.airbyte.version equal metadata.yaml\u2019s dockerRepository and dockerImageTag', function () {
    const runtimeLabels = labels(runtime);
    expect(runtimeLabels['io.airbyte.name'], 'io.airbyte.name must be equal to dockerRepository in metadata.yaml').to.equal(metadata.data.dockerRepository);
    expect(runtimeLabels['io.airbyte.version'], 'io.airbyte.version must be equal to dockerImageTag in metadata.yaml').to.equal(metadata.data.dockerImageTag);
  });

  it('test_image_environment_variables: AIRBYTE_ENTRYPOINT is set and equals the ENTRYPOINT joined by spaces', function () {
    const value = env(runtime).AIRBYTE_ENTRYPOINT;
    expect(value, 'AIRBYTE_ENTRYPOINT must be set in the Dockerfile').to.be.a('string').and.not.equal('');
    expect(value).to.equal(entrypoint(runtime)?.join(' '));
  });

  it('the ENTRYPOINT runs node on an absolute path to the package\u2019s bin, inside what the runtime stage copies', function () {
    const [program, script, ...rest] = entrypoint(runtime) ?? [];
    expect(program).to.equal('node');
    expect(rest).to.deep.equal([]);
    expect(isAbsolute(script ?? ''), `${String(script)} is not absolute`).to.equal(true);
    const copies = all(runtime, 'COPY').map((args) => args.split(/\s+/));
    const packageCopy = copies.find((parts) => parts[0] === `--from=${stages[0]?.name ?? ''}`);
    const destination = packageCopy?.[packageCopy.length - 1] ?? '';
    expect(script?.startsWith(`${destination}/`), `${String(script)} is not under the copied package ${destination}`).to.equal(true);
    expect(posix.relative(destination, script ?? '')).to.equal(packageJson.bin['source-coding']?.replace(/^\.\//, ''));
  });

  it('is multi-stage, every stage on the same official Node LTS image with its major pinned', function () {
    expect(stages.length).to.be.at.least(2);
    const majors = stages.map((stage) => /^node:(\d+)-bookworm-slim$/.exec(stage.image)?.[1]);
    for (const [i, major] of majors.entries()) {
      expect(major, `stage ${i + 1}: ${stages[i]?.image ?? ''}`).to.be.a('string');
      expect(Number(major) % 2, 'Node LTS majors are even').to.equal(0);
      expect(Number(major)).to.be.at.least(Number(/\d+/.exec(readJson<{ engines: { node: string } }>('package.json').engines.node)?.[0] ?? '0'));
    }
    expect(new Set(majors).size, 'one Node major for build and runtime').to.equal(1);
  });

  it('builds with the dev toolchain and gives the runtime stage production dependencies only', function () {
    const build = stages[0] as Stage;
    const buildRuns = all(build, 'RUN').join('\n');
    expect(buildRuns).to.match(/npm ci\b/);
    expect(buildRuns).to.include('npm run build');
    expect(buildRuns).to.match(/npm (ci|prune|install)[^\n&]*--omit=dev/);
    const runtimeRuns = all(runtime, 'RUN').join('\n');
    expect(runtimeRuns, 'the runtime stage installs nothing').to.not.match(/npm (ci|install|i)\b/);
    for (const args of all(runtime, 'COPY')) expect(args, 'the runtime stage copies only from the build stage').to.match(/^--from=/);
  });

  it('runs as the non-root user airbyte, in a WORKDIR /airbyte that it owns', function () {
    const user = lastValue(runtime, 'USER');
    expect(user).to.equal('airbyte');
    expect(lastValue(runtime, 'WORKDIR')).to.equal('/airbyte');
    expect(all(runtime, 'RUN').join('\n')).to.match(/chown airbyte(:airbyte)? \/airbyte\b/);
  });

  it('.dockerignore keeps secrets, dependencies and local builds out, and nothing the build copies', function () {
    const ignored = readFileSync(join(projectRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(ignored).to.include.members(['secrets', 'node_modules', 'dist', '.git']);
    const sources = all(stages[0] as Stage, 'COPY')
      .filter((args) => !args.startsWith('--from='))
      .flatMap((args) => args.split(/\s+/).slice(0, -1));
    for (const source of sources) {
      expect(existsSync(join(projectRoot, source)), `${source} is copied but does not exist`).to.equal(true);
      const clean = source.replace(/\/$/, '');
      expect(ignored.filter((pattern) => clean === pattern || clean.startsWith(`${pattern}/`)), `${source} is ignored`).to.deep.equal([]);
    }
  });
});

describe('npm package, installed from its tarball into an empty folder (the image\u2019s contents)', function () {
  this.timeout(300_000);
  let packed: { filename: string; files: Array<{ path: string }> };
  let packDir: string;
  let installDir: string;
  let bin: string;
  let sim: Simulator;

  before(async function () {
    packDir = await mkdtemp(join(tmpdir(), 'source-coding-pack-'));
    const pack = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: projectRoot });
    expect(pack.code, pack.stderr).to.equal(0);
    const [result] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<typeof packed>;
    if (!result) throw new Error(`npm pack reported nothing: ${pack.stdout}`);
    packed = result;
    installDir = await mkdtemp(join(tmpdir(), 'source-coding-install-'));
    // A package.json of its own, so npm installs here and not into a project it finds further up.
    await writeFile(join(installDir, 'package.json'), JSON.stringify({ name: 'install-check', version: '1.0.0', private: true }));
    // An empty folder, production dependencies only, no install scripts: what the image's build stage does.
    const install = await run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', join(packDir, packed.filename)], { cwd: installDir });
    expect(install.code, install.stderr).to.equal(0);
    bin = join(installDir, 'node_modules', '.bin', 'source-coding');
    sim = await startSimulator({ port: 0 });
  });

  after(async function () {
    await sim?.close();
  });

  it('ships the CLI, spec.json and every schema, and no tests or sources', function () {
    const paths = packed.files.map((f) => f.path);
    expect(paths).to.include.members(['package.json', 'spec.json', packageJson.bin['source-coding'] ?? '']);
    for (const schema of readdirSync(join(projectRoot, 'schemas'))) expect(paths).to.include(`schemas/${schema}`);
    expect(paths.filter((p) => /\.test\.|^src\/|^integration_tests\/|^scripts\//.test(p)), 'files that do not belong in the package').to.deep.equal([]);
  });

  it('leaves the Coding simulator, test doubles and source maps out of the tarball', function () {
    const paths = packed.files.map((f) => f.path);
    expect(paths.filter((p) => /simulator|test-support|^packages\/|\.map$/i.test(p)), 'files that do not belong in the package').to.deep.equal([]);
    expect(packageJson.dependencies, 'the simulator is never a runtime dependency').to.not.have.property('@source-coding/coding-simulator');
  });

  it('builds the image\u2019s /package as the Dockerfile does (tarball, lockfile, npm ci --omit=dev), with no simulator file in it', async function () {
    const imageDir = await mkdtemp(join(tmpdir(), 'source-coding-image-'));
    const untar = await run('tar', ['-xzf', join(packDir, packed.filename), '-C', imageDir, '--strip-components=1'], { cwd: imageDir });
    expect(untar.code, untar.stderr).to.equal(0);
    await writeFile(join(imageDir, 'package-lock.json'), await readFile(join(projectRoot, 'package-lock.json')));
    const install = await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: imageDir });
    expect(install.code, install.stderr).to.equal(0);
    const files = listFiles(imageDir).map((f) => f.slice(imageDir.length + 1));
    expect(files).to.include(packageJson.bin['source-coding']);
    expect(files.filter((f) => /simulator/i.test(f)), 'simulator files in the image').to.deep.equal([]);
    const printed = messagesOf(await run(process.execPath, [join(imageDir, packageJson.bin['source-coding'] ?? ''), 'spec'], { cwd: imageDir }));
    expect(printed.map((m) => m.type)).to.deep.equal(['SPEC']);
  });

  it('installs production dependencies and none of the dev toolchain', function () {
    const modules = join(installDir, 'node_modules');
    for (const dependency of Object.keys(packageJson.dependencies)) expect(existsSync(join(modules, dependency)), dependency).to.equal(true);
    for (const dev of Object.keys(packageJson.devDependencies)) expect(existsSync(join(modules, dev)), `${dev} (a devDependency) was installed`).to.equal(false);
  });

  it('runs with no other package installed: its bundle carries got, yargs and ajv, whose licence notices ship beside it', async function () {
    const installed = readdirSync(join(installDir, 'node_modules')).filter((name) => !name.startsWith('.'));
    expect(installed).to.deep.equal(['source-coding']);
    expect(packed.files.map((f) => f.path)).to.include('dist/THIRD_PARTY_NOTICES.md');
    const notices = await readFile(join(installDir, 'node_modules', 'source-coding', 'dist', 'THIRD_PARTY_NOTICES.md'), 'utf8');
    for (const name of ['got', 'yargs', 'ajv', 'p-limit', 'prom-client', 'redis']) expect(notices, name).to.match(new RegExp(`^## ${name} \\d+\\.\\d+\\.\\d+ \\(`, 'm'));
  });

  it('source-coding spec prints the SPEC of spec.json', async function () {
    const output = await run(bin, ['spec'], { cwd: installDir });
    expect(output.code, output.stderr).to.equal(0);
    const messages = messagesOf(output);
    expect(messages.map((m) => m.type)).to.deep.equal(['SPEC']);
    expect((messages[0]?.spec as JsonObject).connectionSpecification).to.deep.equal(spec);
  });

  it('source-coding check and read work with config files in a temp folder and another working directory (as Meltano mounts them under /tmp)', async function () {
    const files = await tempFiles({
      'config.json': configFor(sim, 'integration_tests/sample_config.json'),
      'catalog.json': readJson('integration_tests/configured_catalog.json'),
    });
    const cwd = await mkdtemp(join(tmpdir(), 'source-coding-cwd-'));
    const checked = messagesOf(await run(bin, ['check', '--config', files['config.json'] ?? ''], { cwd }));
    expect(checked.map((m) => (m.connectionStatus as JsonObject | undefined)?.status).filter(Boolean)).to.deep.equal(['SUCCEEDED']);

    const output = await run(bin, ['read', '--config', files['config.json'] ?? '', '--catalog', files['catalog.json'] ?? ''], { cwd });
    expect(output.code, output.stderr).to.equal(0);
    const messages = messagesOf(output);
    const streamsRead = new Set(messages.filter((m) => m.type === 'RECORD').map((m) => (m.record as JsonObject).stream));
    expect([...streamsRead].sort()).to.deep.equal(STREAMS.map((s) => s.name).sort());
    const errors = messages.filter((m) => m.type === 'TRACE' && (m.trace as JsonObject).type === 'ERROR');
    expect(errors).to.deep.equal([]);
    const complete = messages.filter((m) => m.type === 'TRACE' && ((m.trace as JsonObject).stream_status as JsonObject | undefined)?.status === 'COMPLETE');
    expect(complete).to.have.length(STREAMS.length);
  });

  it('runs from the installed copy, not from the working tree', async function () {
    const target = await realpath(bin);
    expect(target.startsWith(await realpath(installDir))).to.equal(true);
    expect(dirname(target)).to.not.include(projectRoot);
  });
});

describe('Documentation', function () {
  const docPath = join(projectRoot, 'docs', 'sources', 'coding.md');
  let doc: string;

  before(async function () {
    doc = await readFile(docPath, 'utf8');
  });

  describe('TestConnectorDocumentation (CAT, certified connectors)', function () {
    it('test_docs_structure: the headings follow Airbyte\u2019s source template', function () {
      const name = metadata.data.name;
      const template = [name, 'Prerequisites', 'Setup guide', `Set up ${name}`, 'For Airbyte Cloud:', 'For Airbyte Open Source:', `Set up the ${name} connector in Airbyte`, 'For Airbyte Cloud:', 'For Airbyte Open Source:', 'Supported sync modes', 'Supported Streams', '<connector-specific>', 'Performance considerations', 'Data type map', 'Troubleshooting', 'Tutorials', 'Changelog'];
      const optional = new Set([`Set up the ${name} connector in Airbyte`, 'For Airbyte Cloud:', 'For Airbyte Open Source:', '<connector-specific>', 'Performance considerations', 'Data type map', 'Troubleshooting', 'Tutorials']);
      const actual = headings(doc).map((h) => h.text);
      let a = 0;
      let t = 0;
      while (a < actual.length && t < template.length) {
        const heading = actual[a] as string;
        const expected = template[t] as string;
        if (expected === '<connector-specific>') {
          if (!template.includes(heading)) a += 1;
          else t += 1;
          continue;
        }
        if (heading === expected) {
          a += 1;
          t += 1;
          continue;
        }
        expect(optional.has(expected), `heading "${heading}" where "${expected}" was expected`).to.equal(true);
        t += 1;
      }
      expect(template.slice(t).filter((h) => !optional.has(h)), 'missing headings').to.deep.equal([]);
    });

    it('test_prerequisites_content: Prerequisites name every required field and how to get credentials', function () {
      const all = headings(doc);
      const start = all.findIndex((h) => h.text === 'Prerequisites');
      expect(start).to.be.at.least(0);
      const lines = doc.split('\n').slice((all[start]?.line ?? 0) + 1, all[start + 1]?.line);
      const content = lines.join('|').toLowerCase();
      const properties = spec.properties as Record<string, { title: string }>;
      for (const field of (spec.required as string[]).filter((f) => f !== 'credentials')) expect(content, field).to.include(properties[field]?.title.toLowerCase());
      expect(['account', 'auth', 'credentials', 'access'].some((word) => content.includes(word))).to.equal(true);
    });
  });

  it('documents every stream with its sync modes', function () {
    for (const stream of STREAMS) expect(headings(doc).map((h) => h.text), stream.name).to.include(stream.name);
    expect(doc).to.include('Full refresh').and.include('Incremental');
  });

  it('keeps a "Webhook mode" section and a changelog entry for the current version', function () {
    expect(headings(doc).map((h) => h.text)).to.include('Webhook mode');
    expect(doc).to.match(new RegExp(`\\|\\s*${packageJson.version.replaceAll('.', '\\.')}\\s*\\|`));
  });

  it('its docker run examples use this image and tag, and mount config files that the commands name', function () {
    const image = `${metadata.data.dockerRepository}:${metadata.data.dockerImageTag}`;
    // Shell line continuations join a command that the docs wrap over several lines.
    const commands = doc.replace(/\\\n\s*/g, ' ').split('\n').filter((line) => /^\s*docker run\b/.test(line));
    expect(commands).to.not.be.empty;
    for (const command of commands) expect(command, command).to.include(image);
  });

  it('docs/meltano.yml runs tap-airbyte on this image, with a config the spec accepts and single-field keys', function () {
    const meltano = yaml.load(readFileSync(join(projectRoot, 'docs', 'meltano.yml'), 'utf8')) as JsonObject;
    const extractors = (meltano.plugins as JsonObject).extractors as JsonObject[];
    const tap = extractors.find((e) => isObject(e.config) && isObject((e.config as JsonObject).airbyte_spec)) as JsonObject;
    expect(tap, 'an extractor configured with airbyte_spec').to.be.an('object');
    const base = extractors.find((e) => e.name === tap.inherit_from) ?? tap;
    expect(String(base.pip_url)).to.include('tap-airbyte');
    const config = tap.config as { airbyte_spec: { image: string; tag: string }; airbyte_config: JsonObject };
    expect(config.airbyte_spec.image).to.equal(metadata.data.dockerRepository);
    expect(String(config.airbyte_spec.tag)).to.equal(metadata.data.dockerImageTag);
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(spec);
    expect(validate(config.airbyte_config), JSON.stringify(validate.errors)).to.equal(true);
  });
});

/** Every file under a folder (symbolic links included as files), as absolute paths. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry: Dirent) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}
