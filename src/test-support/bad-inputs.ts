import { isObject } from '../json.js';
import { connectionSpecification } from '../config/spec.js';
import type { SeededChoices } from './seeded-choices.js';

/**
 * Generated bad (and merely unusual) input files for the CLI, from tables: wrong types in every field of
 * spec.json, missing fields, values out of range, files that are not JSON, empty, endless, deep, huge,
 * unicode, legacy and foreign states, unknown and duplicated streams, impossible sync modes and cursors.
 * Every config carries planted secrets, so a test can prove that no error echoes one.
 */

/** How a file is handed to the CLI. */
export type FileSpec =
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Buffer }
  /** A path given as is: /dev/zero, or one that does not exist. */
  | { kind: 'path'; path: string }
  | { kind: 'directory' };

export type Command = 'check' | 'discover' | 'read';
export type Family = 'config' | 'catalog' | 'state' | 'tolerated';

export interface InputCase {
  family: Family;
  name: string;
  command: Command;
  files: { config: FileSpec; catalog?: FileSpec; state?: FileSpec };
  /**
   * How the run must end: one TRACE config_error and exit 1; a FAILED CONNECTION_STATUS and exit 0
   * (`check` of a config that parses but is wrong); or success, for inputs that are unusual but valid.
   */
  ends: 'trace' | 'failed-status' | 'success';
  /** What the error message must name (the field, the file, the entry). */
  mentions?: RegExp;
}

/** What the cases are built around: a Coding to point at, and the secrets every config carries. */
export interface Fixture {
  team: string;
  apiUrl: string;
  /** A token the Coding answers to (cases that get as far as reading need one). */
  token: string;
  project: string;
  /** Recognisable secrets planted in every config; none may ever be printed. */
  planted: { accessToken: string; refreshToken: string; clientSecret: string; webhookSecret: string };
}

type Json = unknown;

const json = (value: Json): FileSpec => ({ kind: 'json', value });
const text = (value: string): FileSpec => ({ kind: 'text', text: value });
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A value nested `depth` levels deep, built without recursion. */
export function deeplyNested(depth: number, leaf: Json = 1): Json {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { k: value };
  return value;
}

/** The same as JSON text, for depths JSON.stringify cannot serialise. */
function deepText(depth: number): string {
  return '{"k":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Stands, in a value given to `deepJson`, for a value nested too deep for JSON.stringify. */
export const DEEP = '\u0000deeply nested\u0000';

/** The JSON text of `value`, where every DEEP marker is a value nested `depth` levels deep. */
export function deepJson(value: Json, depth: number): string {
  return JSON.stringify(value).split(JSON.stringify(DEEP)).join(deepText(depth));
}

/** A sample value of each JSON type, to put where another type belongs. */
const SAMPLES: Record<string, readonly Json[]> = {
  string: ['acme', '', '项目', '\u202Eevil'],
  number: [42, -1.5, 0, 1e308],
  boolean: [true, false],
  null: [null],
  array: [[], ['x'], [1, 2]],
  object: [{}, { a: 1 }],
};

function wrongTypes(declared: string, random: SeededChoices): Json[] {
  const wrong = Object.keys(SAMPLES).filter((type) => type !== declared && !(declared === 'integer' && type === 'number'));
  const values = wrong.map((type) => random.pick(SAMPLES[type] as readonly Json[]));
  // An integer field also refuses a fraction.
  return declared === 'integer' ? [...values, 2.5] : values;
}

/** The fields of spec.json, with the JSON type each declares, credentials' fields included. */
function specFields(): Array<{ path: string[]; type: string; oauthOnly: boolean }> {
  const spec = connectionSpecification();
  const fields: Array<{ path: string[]; type: string; oauthOnly: boolean }> = [];
  const properties = spec.properties as Record<string, { type?: string; oneOf?: Array<{ properties: Record<string, { type?: string }> }> }>;
  for (const [name, property] of Object.entries(properties)) {
    if (property.type) fields.push({ path: [name], type: property.type, oauthOnly: false });
    property.oneOf?.forEach((branch, index) => {
      for (const [inner, innerProperty] of Object.entries(branch.properties)) {
        if (!innerProperty.type || (index > 0 && fields.some((f) => f.path.join('.') === `${name}.${inner}`))) continue;
        fields.push({ path: [name, inner], type: innerProperty.type, oauthOnly: index > 0 });
      }
    });
  }
  return fields;
}

function setPath(target: Record<string, unknown>, path: string[], value: Json): Record<string, unknown> {
  const copy = structuredClone(target);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1] as string] = value;
  return copy;
}

function withoutPath(target: Record<string, unknown>, path: string[]): Record<string, unknown> {
  const copy = structuredClone(target);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  delete node[path[path.length - 1] as string];
  return copy;
}

/** Files that cannot be read as JSON at all; `secret` is planted in those that hold text. */
function unreadableFiles(what: string, secret: string, random: SeededChoices): Array<[string, FileSpec, RegExp]> {
  const binary = Buffer.from(Array.from({ length: 512 }, () => random.int(0, 255)));
  return [
    ['a file that does not exist', { kind: 'path', path: `/nonexistent/source-coding/${what}.json` }, /does not exist/],
    ['a directory', { kind: 'directory' }, /is a directory/],
    ['an endless device (/dev/zero)', { kind: 'path', path: '/dev/zero' }, /larger than 64 MiB/],
    ['a token left unquoted', text(`{"credentials": {"auth_type": "token", "access_token": ${secret}}}`), /not valid JSON/],
    ['a truncated file', text(`{"team_name": "acme", "credentials": {"access_token": "${secret}"`), /not valid JSON/],
    ['single quotes', text(`{'credentials': {'access_token': '${secret}'}}`), /not valid JSON/],
    ['a trailing comma', text(`{"credentials": {"access_token": "${secret}",}}`), /not valid JSON/],
    ['a comment', text(`// ${secret}\n{"team_name": "acme"}`), /not valid JSON/],
    ['a NaN literal', text('{"team_name": "acme", "requests_per_second": NaN}'), /not valid JSON/],
    ['a raw line break in a string', text(`{"access_token": "${secret.slice(0, 10)}\n${secret.slice(10)}"}`), /not valid JSON/],
    ['text after the JSON', text(`{"team_name": "acme"} ${secret}`), /not valid JSON/],
    ['YAML instead of JSON', text(`team_name: acme\ncredentials:\n  access_token: ${secret}\n`), /not valid JSON/],
    ['binary garbage', { kind: 'bytes', bytes: binary }, /not valid JSON|UTF-16/],
    ['UTF-16 text', { kind: 'bytes', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`{"access_token": "${secret}"}`, 'utf16le')]) }, /UTF-16/],
  ];
}

const EMPTY_FILES: Array<[string, FileSpec]> = [
  ['an empty file', text('')],
  ['a file of blanks', text(' \n\t\n')],
  ['a byte-order mark alone', text('\uFEFF')],
];

export function generateCases(fx: Fixture, random: SeededChoices): InputCase[] {
  return [...configCases(fx, random), ...catalogCases(fx, random), ...stateCases(fx, random), ...toleratedCases(fx)];
}

/** A config that would work, with every secret field planted; token or OAuth credentials at random. */
function plantedConfig(fx: Fixture, random: SeededChoices): Record<string, unknown> {
  const credentials =
    random.next() < 0.5
      ? { auth_type: 'token', access_token: fx.planted.accessToken }
      : { auth_type: 'oauth2', access_token: fx.planted.accessToken, refresh_token: fx.planted.refreshToken, client_id: 'source-coding-tests', client_secret: fx.planted.clientSecret };
  return { team_name: fx.team, api_url: fx.apiUrl, credentials, webhook_secret: fx.planted.webhookSecret };
}

/** A config the Coding under test accepts, still carrying planted secrets. */
export function workingConfig(fx: Fixture): Record<string, unknown> {
  return { team_name: fx.team, api_url: fx.apiUrl, credentials: { auth_type: 'token', access_token: fx.token }, webhook_secret: fx.planted.webhookSecret, requests_per_second: 100 };
}

const ISSUES_INCREMENTAL = { streams: [{ stream: { name: 'issues', json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] }, sync_mode: 'incremental', destination_sync_mode: 'append_dedup' }] };

function configCases(fx: Fixture, random: SeededChoices): InputCase[] {
  const cases: InputCase[] = [];
  const add = (name: string, config: FileSpec, mentions: RegExp, fileLevel = false) => {
    const command = random.pick(['check', 'discover', 'read'] as const);
    cases.push({
      family: 'config',
      name: `config: ${name}`,
      command,
      files: { config, ...(command === 'read' ? { catalog: json(ISSUES_INCREMENTAL) } : {}) },
      // `check` answers a config that parses with a FAILED status; a file it cannot read is an error.
      ends: command === 'check' && !fileLevel ? 'failed-status' : 'trace',
      mentions,
    });
  };
  const base = () => plantedConfig(fx, random);

  for (const [name, file, mentions] of unreadableFiles('config', fx.planted.accessToken, random)) add(name, file, mentions, true);
  for (const [name, file] of EMPTY_FILES) add(name, file, /config file .* is empty/, true);
  for (const value of [null, [], [base()], 'acme', 42, true]) add(`a JSON ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value} instead of an object`, json(value), /must contain a JSON object/);

  // Wrong types in every field spec.json declares.
  for (const field of specFields()) {
    for (const value of wrongTypes(field.type, random)) {
      let config = base();
      if (field.oauthOnly) config = setPath(config, ['credentials'], { auth_type: 'oauth2', access_token: fx.planted.accessToken, refresh_token: fx.planted.refreshToken, client_id: 'id', client_secret: fx.planted.clientSecret });
      const shown = typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'a list' : isObject(value) ? 'an object' : String(value);
      add(`${field.path.join('.')} set to ${shown} (declared ${field.type})`, json(setPath(config, field.path, value)), new RegExp(escape(field.path.join('.'))));
    }
  }

  // Missing required fields.
  for (const path of [['team_name'], ['credentials'], ['credentials', 'auth_type'], ['credentials', 'access_token']]) {
    add(`without ${path.join('.')}`, json(withoutPath(base(), path)), new RegExp(escape(path.join('.'))));
  }
  add('an empty object', json({}), /team_name is required; credentials is required/);
  add('empty credentials', json(setPath(base(), ['credentials'], {})), /credentials\.auth_type/);
  add('team_name misspelt with a diacritic', json({ ...withoutPath(base(), ['team_name']), tëam_name: fx.team }), /team_name is required/);

  // Values of the right type that are still wrong.
  const wrongValues: Array<[string[], Json, RegExp?]> = [
    [['team_name'], ''],
    [['team_name'], 'acme corp'],
    [['team_name'], '-acme'],
    [['team_name'], 'acme.coding.net'],
    [['team_name'], 'https://acme.coding.net'],
    [['team_name'], '团队'],
    [['team_name'], 'acme\u200b'],
    [['team_name'], `${'x'.repeat(5_000_000)} `],
    [['requests_per_second'], 0],
    [['requests_per_second'], -1],
    [['requests_per_second'], 101],
    [['requests_per_second'], 1e308],
    [['max_concurrency'], 0],
    [['max_concurrency'], 33],
    [['webhook_retention_hours'], 0],
    [['webhook_retention_hours'], -5],
    [['api_url'], 'ftp://acme.coding.net/open-api'],
    [['api_url'], 'acme.coding.net/open-api'],
    [['api_url'], 'http://'],
    [['api_url'], 'https://exa mple.com/open-api'],
    [['incremental_mode'], 'push'],
    [['incremental_mode'], 'POLLING'],
    [['start_date'], '2024-02-30'],
    [['start_date'], '2023-02-29'],
    [['start_date'], '2024-04-31'],
    [['start_date'], '2024-13-01'],
    [['start_date'], '2024-01-01T24:00:00Z'],
    [['start_date'], 'yesterday'],
    [['start_date'], '2024-1-1'],
    [['credentials', 'auth_type'], 'basic', /credentials\.auth_type/],
    [['credentials', 'auth_type'], 'TOKEN', /credentials\.auth_type/],
    [['credentials', 'auth_type'], '令牌', /credentials\.auth_type/],
    [['credentials', 'access_token'], ''],
    [['projects'], [''], /projects\.0/],
    [['projects'], [fx.project, fx.project]],
    [['projects'], [[fx.project]], /projects\.0/],
    [['incremental_mode'], 'webhook', /webhook_store is required/],
  ];
  for (const [path, value, mentions] of wrongValues) {
    const shown = typeof value === 'string' && value.length > 40 ? `a ${value.length}-character string` : JSON.stringify(value);
    add(`${path.join('.')} ${shown}`, json(setPath(base(), path, value)), mentions ?? new RegExp(escape(path.join('.'))));
  }

  // Deep and huge.
  const planted = JSON.stringify(base()).slice(1, -1);
  add('a 100,000-deep unknown field', text(`{${planted},"extra":${deepText(100_000)}}`), /more than 32 levels deep/);
  add('a 100,000-deep field inside credentials', text(`{"team_name":"${fx.team}","credentials":{"auth_type":"token","access_token":"${fx.planted.accessToken}","extra":${deepText(100_000)}}}`), /more than 32 levels deep/);
  add('a 100,000-deep team_name', text(`{${planted.replace(/"team_name":"[^"]*"/, `"team_name":${deepText(100_000)}`)}}`), /more than 32 levels deep/);
  add('a 100,000-deep list as the whole file', text(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), /must contain a JSON object/);
  add('a 33-deep unknown field', json({ ...base(), extra: deeplyNested(33) }), /more than 32 levels deep/);
  add('50,000 projects, the last one empty', json({ ...base(), projects: [...Array.from({ length: 49_999 }, (_, i) => `p${i}`), ''] }), /projects\.49999/);
  add('a 20 MB unknown field and no credentials', json({ ...withoutPath(base(), ['credentials']), notes: 'n'.repeat(20_000_000) }), /credentials is required/);
  add('unicode keys only', json({ 团队: fx.team, 凭据: { 类型: 'token', 令牌: fx.planted.accessToken } }), /team_name is required/);
  add('a lone surrogate in team_name', text(`{${planted.replace(/"team_name":"[^"]*"/, '"team_name":"acme\\ud800"')}}`), /team_name/);
  return cases;
}

function catalogCases(fx: Fixture, random: SeededChoices): InputCase[] {
  const cases: InputCase[] = [];
  const add = (name: string, catalog: FileSpec, mentions: RegExp, ends: InputCase['ends'] = 'trace') =>
    cases.push({ family: 'catalog', name: `catalog: ${name}`, command: 'read', files: { config: json(workingConfig(fx)), catalog }, ends, mentions });
  const entry = (name: Json, syncMode: Json = 'full_refresh', extra: Record<string, unknown> = {}) => ({ stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh'] }, sync_mode: syncMode, destination_sync_mode: 'overwrite', ...extra });

  for (const [name, file, mentions] of unreadableFiles('catalog', fx.planted.accessToken, random)) add(name, file, new RegExp(`catalog file.*(${mentions.source})`));
  for (const [name, file] of EMPTY_FILES) add(name, file, /catalog file .* is empty/);
  for (const value of [null, [], 42, 'issues', {}, { streams: null }, { streams: {} }, { streams: 'issues' }, { streams: 5 }, { stream: entry('issues') }]) {
    add(`${JSON.stringify(value)} as the whole file`, json(value), /must contain a ConfiguredAirbyteCatalog/);
  }
  for (const value of [null, 1, 'issues', [], {}, { stream: null }, { stream: 'issues' }, { stream: {} }, { stream: { name: 42 } }, { stream: { name: '' } }, { name: 'issues', sync_mode: 'full_refresh' }]) {
    add(`an entry ${JSON.stringify(value)}`, json({ streams: [value] }), /Catalog entry #1 has no "stream\.name"/);
  }
  add('a stream name nested 100,000 deep', text(`{"streams":[{"stream":{"name":${deepText(100_000)}},"sync_mode":"full_refresh"}]}`), /Catalog entry #1 has no "stream\.name"/);
  add('no sync_mode', json({ streams: [{ stream: { name: 'issues', json_schema: {} }, destination_sync_mode: 'append' }] }), /Catalog entry #1 \("issues"\) has sync_mode undefined; expected/);
  for (const mode of [null, 42, 'INVALID', 'Incremental', 'FULL_REFRESH', '', 'incremental ', ['incremental'], { mode: 'incremental' }, 'x'.repeat(1_000_000)]) {
    const shown = typeof mode === 'string' && mode.length > 40 ? `a ${mode.length}-character string` : JSON.stringify(mode);
    add(`sync_mode ${shown}`, json({ streams: [entry('issues', mode)] }), /Catalog entry #1 \("issues"\) has sync_mode .*; expected "full_refresh" or "incremental"/);
  }
  add('sync_mode nested 100,000 deep', text(`{"streams":[{"stream":{"name":"issues"},"sync_mode":${deepText(100_000)}}]}`), /sync_mode an object; expected/);
  add('the second entry broken', json({ streams: [entry('issues'), entry('iterations', 'sideways')] }), /Catalog entry #2 \("iterations"\)/);
  add('a stream listed twice', json({ streams: [entry('issues'), entry('issues', 'incremental')] }), /Catalog entry #2: stream "issues" is listed twice/);
  add('a stream listed three times among others', json({ streams: [entry('projects'), entry('iterations'), entry('projects'), entry('projects')] }), /Catalog entry #3: stream "projects" is listed twice/);
  for (const name of ['issue', 'Issues', '问题', '__proto__', 'constructor', '../../etc/passwd', '\u0000', 'x'.repeat(1_000_000)]) {
    const shown = name.length > 40 ? `a ${name.length}-character name` : JSON.stringify(name);
    add(`only an unknown stream ${shown}`, json({ streams: [entry(name)] }), /The catalog asks for stream .*, which this source does not have/);
  }
  add('an unknown stream beside a known one', json({ streams: [entry('projects'), entry('pull_requests')] }), /stream "pull_requests", which this source does not have/);
  return cases;
}

function stateCases(fx: Fixture, random: SeededChoices): InputCase[] {
  const cases: InputCase[] = [];
  const add = (name: string, state: FileSpec, mentions: RegExp) =>
    cases.push({ family: 'state', name: `state: ${name}`, command: 'read', files: { config: json(workingConfig(fx)), catalog: json(ISSUES_INCREMENTAL), state }, ends: 'trace', mentions });
  const issuesState = (streamState: Json) => [{ type: 'STREAM', stream: { stream_descriptor: { name: 'issues' }, stream_state: streamState } }];
  const position = (fields: Record<string, Json>) => issuesState({ projects: { [fx.project]: fields } });

  for (const [name, file, mentions] of unreadableFiles('state', fx.planted.accessToken, random)) add(name, file, new RegExp(`state file.*(${mentions.source})`));
  for (const value of [42, 'state', true]) add(`${JSON.stringify(value)} as the whole file`, json(value), /state file must contain a JSON array/);
  const entries: Array<[Json, RegExp]> = [
    [1, /State entry #1 is not a JSON object/],
    [null, /State entry #1 is not a JSON object/],
    ['issues', /State entry #1 is not a JSON object/],
    [[], /State entry #1 is not a JSON object/],
    [{}, /State entry #1 has no "stream", "global" or "data"/],
    [{ type: 'STREAM' }, /State entry #1 lacks "stream\.stream_descriptor\.name"/],
    [{ type: 'STREAM', stream: 1 }, /State entry #1 lacks/],
    [{ type: 'STREAM', stream: {} }, /State entry #1 lacks/],
    [{ type: 'STREAM', stream: { stream_descriptor: { name: 5 } } }, /State entry #1 lacks/],
    [{ type: 'STREAM', stream: { stream_descriptor: 'issues', stream_state: {} } }, /State entry #1 lacks/],
    [{ type: 'STREAM', stream: { stream_descriptor: { name: 'issues' }, stream_state: 'x' } }, /stream_state of "issues" must be a JSON object/],
    [{ type: 'STREAM', stream: { stream_descriptor: { name: 'issues' }, stream_state: [] } }, /stream_state of "issues" must be a JSON object/],
    [{ type: 'STREAM', stream: { stream_descriptor: { name: 'issues' }, stream_state: 17 } }, /stream_state of "issues" must be a JSON object/],
    [{ type: 'GLOBAL' }, /GLOBAL state without "global\.stream_states"/],
    [{ type: 'GLOBAL', global: { stream_states: {} } }, /GLOBAL state without/],
    [{ type: 'GLOBAL', global: { shared_state: {}, stream_states: [5] } }, /State entry #1, stream state #1 lacks/],
    [{ type: 'FOO', stream: { stream_descriptor: { name: 'issues' }, stream_state: {} } }, /State entry #1 has no "stream", "global" or "data"/],
    [{ type: 'LEGACY', data: 5 }, /"data" of a legacy state must be a JSON object/],
  ];
  for (const [entry, mentions] of entries) add(`an entry ${JSON.stringify(entry)}`, json([entry]), mentions);
  add('a good entry then a bad one', json([...issuesState({}), { stream: { stream_descriptor: { name: 'iterations' }, stream_state: 'x' } }]), /State entry #2: the stream_state of "iterations"/);
  for (const legacy of [{ issues: 5 }, { issues: 'x' }, { issues: [] }, { data: 'x' }, { data: { issues: 5 } }]) {
    add(`a legacy blob ${JSON.stringify(legacy)}`, json(legacy), /legacy state/);
  }

  // Shapes and cursors that only the stream itself can judge: these get as far as reading.
  const malformed = /Stream issues: The state of stream "issues" is malformed/;
  const shapes: Array<[string, Json]> = [
    ['"projects" as a list', issuesState({ projects: [fx.project] })],
    ['"projects" as text', issuesState({ projects: 'all' })],
    ['a position that is a number', issuesState({ projects: { [fx.project]: 5 } })],
    ['a position without a cursor', position({ Codes: [1] })],
    ['a foreign position (updated_at as text)', position({ updated_at: '2024-01-01T00:00:00Z' })],
    ['a foreign top-level cursor (UpdatedAt as ISO text)', issuesState({ UpdatedAt: '2024-01-01T00:00:00Z' })],
    ['a top-level cursor that is negative', issuesState({ UpdatedAt: -5 })],
    ['a position for a project that does not exist, malformed', issuesState({ projects: { 'no-such-project': { UpdatedAt: 'soon' } } })],
  ];
  for (const [name, state] of shapes) add(name, json(state), malformed);
  const cursors: Array<[string, Json]> = [
    ['-1', -1],
    ['-1e15', -1e15],
    ['0.5', 0.5],
    ['1e20 (far future)', 1e20],
    ['8640000000000001 (past the last Date)', 8_640_000_000_000_001],
    ['1e308 (far future)', 1e308],
    ['"1718000000000" (a number as text)', '1718000000000'],
    ['"NaN"', 'NaN'],
    ['"Infinity"', 'Infinity'],
    ['null', null],
    ['true', true],
    ['an object', { ms: 1 }],
    ['a list', [1718000000000]],
  ];
  for (const [name, value] of cursors) add(`an UpdatedAt of ${name}`, json(position({ UpdatedAt: value, Codes: [] })), malformed);
  add('an UpdatedAt of 1e400 (Infinity once parsed)', text(JSON.stringify(position({ UpdatedAt: 0, Codes: [] })).replace('"UpdatedAt":0', '"UpdatedAt":1e400')), malformed);
  for (const ids of ['1,2', { 1: true }, [null], [{}], [true], [[1]], [deeplyNested(50)]]) {
    add(`Codes of ${JSON.stringify(ids)}`, json(position({ UpdatedAt: 1_718_000_000_000, Codes: ids })), malformed);
  }
  return cases;
}

/** Unusual inputs that are valid: each must read cleanly, and none may be mistaken for an error. */
function toleratedCases(fx: Fixture): InputCase[] {
  const config = workingConfig(fx);
  const entry = (name: string, syncMode: string, extra: Record<string, unknown> = {}) => ({ stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh'] }, sync_mode: syncMode, destination_sync_mode: 'append', ...extra });
  const issues = json(ISSUES_INCREMENTAL);
  const deep = (value: Json) => text(deepJson(value, 5_000));
  const issuesState = (streamState: Json, extra: Record<string, unknown> = {}) => [{ type: 'STREAM', stream: { stream_descriptor: { name: 'issues' }, stream_state: streamState, ...extra } }];
  const read = (name: string, files: Partial<InputCase['files']>): InputCase => ({ family: 'tolerated', name, command: 'read', files: { config: json(config), catalog: issues, ...files }, ends: 'success' });
  return [
    { family: 'tolerated', name: 'a config with unknown fields, nested a little', command: 'discover', files: { config: json({ ...config, notes: { owner: 'data-team', tags: ['a', { b: [1] }] }, credentials: { ...(config.credentials as object), label: 'ci' } }) }, ends: 'success' },
    { family: 'tolerated', name: 'a start_date before 1970', command: 'discover', files: { config: json({ ...config, start_date: '1900-01-01' }) }, ends: 'success' },
    read('an empty state file', { state: text('') }),
    read('a state of null', { state: json(null) }),
    read('a state of {}', { state: json({}) }),
    read('a state of []', { state: json([]) }),
    read('a state for streams this source does not have', { state: json([{ type: 'STREAM', stream: { stream_descriptor: { name: 'pull_requests' }, stream_state: { cursor: 'x' } } }]) }),
    read('a state listing issues twice', { state: json([...issuesState({ projects: {} }), ...issuesState({ projects: { [fx.project]: { UpdatedAt: 0, Codes: [] } } })]) }),
    read('a state with a 5,000-deep unknown key in the stream state', { state: deep(issuesState({ projects: {}, junk: DEEP })) }),
    read('a state with a 5,000-deep unknown key in a position', { state: deep(issuesState({ projects: { [fx.project]: { UpdatedAt: 0, Codes: [], junk: DEEP } } })) }),
    read('a state with a 5,000-deep unknown key beside the stream state', { state: deep(issuesState({ projects: {} }, { junk: DEEP })) }),
    read('a legacy state with a 5,000-deep unknown stream', { state: deep({ data: { issues: { projects: {} }, junk: DEEP } }) }),
    read('a foreign state of keys this source does not use (read from the start)', { state: json(issuesState({ 'acme/platform': { updated_at: '2024-01-01T00:00:00Z' } })) }),
    read('a legacy single-object state', { state: json({ issues: { projects: {} } }) }),
    read('a GLOBAL state', { state: json([{ type: 'GLOBAL', global: { shared_state: {}, stream_states: [{ stream_descriptor: { name: 'issues' }, stream_state: { projects: {} } }] } }]) }),
    read('incremental asked of a stream that only supports full refresh', { catalog: json({ streams: [entry('iterations', 'incremental')] }) }),
    read('catalog entries with unknown fields and odd cursor and destination modes', { catalog: json({ streams: [entry('projects', 'full_refresh', { cursor_field: [1, {}], destination_sync_mode: 'sideways', extra: { a: [1] } })], extra: true }) }),
    read('an empty catalog', { catalog: json({ streams: [] }) }),
  ];
}
