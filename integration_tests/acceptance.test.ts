/**
 * Airbyte's connector acceptance tests (CAT), reproduced against the Coding simulator so they run with
 * `npm test`, where no Docker engine is available. Each `describe` is a CAT class and each `it` the CAT
 * test it mirrors, with CAT's assertions (airbytehq/airbyte, connector_acceptance_test/tests/
 * test_core.py, test_full_refresh.py, test_incremental.py) and the inputs acceptance-test-config.yml
 * gives CAT. Where CAT only warns, or has an empty placeholder, the test here says what it enforces.
 * Every stdout line of every run is validated against the official protocol schema (runCli).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { expect } from 'chai';
import yaml from 'js-yaml';
import { isObject, type JsonObject } from '../src/json.js';
import { ofType, type CliRun } from '../src/test-support/cli-runner.js';
import { assertValidConfiguredCatalog, projectRoot, sharedAvailable } from '../src/test-support/protocol-schema.js';
import { sameData, sampledCheckpoints } from './support/checkpoints.js';
import { configuredCatalogText, expectedRecordsText } from './support/fixtures.js';
import {
  catalogOf,
  check,
  configFor,
  configuredFromDiscovered,
  configuredFromFile,
  describeRun,
  discover,
  fullRefreshOnly,
  incrementalOnly,
  latestStateInput,
  read,
  readJson,
  records,
  spec,
  startHarness,
  states,
  streamStatuses,
  traces,
  withConfig,
  type ConfiguredStream,
  type Harness,
  type RecordMessage,
  type StateMessage,
  type StreamDef,
} from './support/harness.js';
import { declaredPaths, fieldSchema, nodeAt, nodesNamed, parentOf, presentPaths, schemaHasField, typesOf, usesKeyword, valuesOfKey, walk } from './support/schema-walk.js';

interface TestInputs {
  test_strictness_level: string;
  acceptance_tests: {
    basic_read: { tests: Array<{ empty_streams?: Array<{ name: string; bypass_reason?: string }>; expect_records?: { path: string; exact_order?: boolean } }> };
    full_refresh: { tests: Array<{ configured_catalog_path: string }> };
    incremental: { tests: Array<{ configured_catalog_path: string; future_state?: { future_state_path: string } }> };
  };
}

const inputs = yaml.load(readFileSync(join(projectRoot, 'acceptance-test-config.yml'), 'utf8')) as TestInputs;
const basicReadInputs = inputs.acceptance_tests.basic_read.tests[0];
const fullRefreshInputs = inputs.acceptance_tests.full_refresh.tests[0];
const incrementalInputs = inputs.acceptance_tests.incremental.tests[0];

/** CAT validates records with jsonschema's Draft7Validator and a format checker; ajv + ajv-formats is the same question. */
function recordValidator(schema: JsonObject): { (data: unknown): boolean; errors: ValidateFunction['errors'] } {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const compiled = ajv.compile(schema);
  // A plain boolean, not ajv's type guard, so a failed check does not narrow the record to `never`.
  const check = (data: unknown): boolean => {
    const ok = compiled(data);
    check.errors = compiled.errors;
    return ok;
  };
  check.errors = undefined as ValidateFunction['errors'];
  return check;
}

function metaValidator(): Ajv {
  return new Ajv({ strict: false, allErrors: true, validateSchema: true });
}

function keyOf(data: JsonObject, primaryKey: string[][]): string {
  return JSON.stringify(primaryKey.map((path) => path.reduce<unknown>((node, part) => (isObject(node) ? node[part] : undefined), data)));
}

function once<T>(produce: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= produce());
}

describe('Connector acceptance tests against the Coding simulator (CAT, high strictness)', function () {
  this.timeout(60_000);
  let h: Harness;
  let discovered: () => Promise<{ run: CliRun; streams: StreamDef[] }>;

  before(async function () {
    h = await startHarness();
    discovered = once(async () => {
      const run = await discover(h.configPath);
      return { run, streams: catalogOf(run) };
    });
  });

  after(async function () {
    await h?.close();
  });

  describe('TestSpec', function () {
    let specRun: CliRun;
    let payload: JsonObject;
    let connectionSpecification: JsonObject;

    before(async function () {
      specRun = await spec();
      payload = ofType(specRun.messages, 'SPEC')[0]?.spec as JsonObject;
      connectionSpecification = payload.connectionSpecification as JsonObject;
    });

    it('actual_connector_spec: spec prints exactly one SPEC and exits 0', function () {
      expect(specRun.code, describeRun(specRun)).to.equal(0);
      expect(ofType(specRun.messages, 'SPEC')).to.have.length(1);
      expect(connectionSpecification).to.be.an('object');
    });

    it('test_config_match_spec', function () {
      const config = Object.fromEntries(Object.entries(h.config).filter(([key]) => !key.startsWith('_')));
      const ajv = metaValidator();
      expect(ajv.validateSchema(connectionSpecification), `Spec is invalid: ${ajv.errorsText()}`).to.equal(true);
      const validate = recordValidator(connectionSpecification);
      expect(validate(config), `Config invalid: ${JSON.stringify(validate.errors)}`).to.equal(true);
    });

    it('test_match_expected', function () {
      expect(payload).to.deep.equal(readJson('integration_tests/expected_spec.json'), 'Spec should be equal to integration_tests/expected_spec.json (regenerate with integration_tests/generate-fixtures.ts)');
    });

    it('test_enum_usage', function () {
      for (const [path, values] of nodesNamed(connectionSpecification, 'enum')) {
        expect(values, `/${path.join('/')}`).to.be.an('array');
        const list = values as unknown[];
        expect(new Set(list.map((v) => JSON.stringify(v))).size, `duplicate values in the enum at /${path.join('/')}`).to.equal(list.length);
      }
    });

    it('test_oneof_usage', function () {
      const variantNodes = [...nodesNamed(connectionSpecification, 'oneOf'), ...nodesNamed(connectionSpecification, 'anyOf')];
      for (const [path, variants] of variantNodes) {
        const where = `/${path.join('/')}`;
        expect(parentOf(connectionSpecification, path).type, `${where}: the parent of a oneOf must have type: object`).to.equal('object');
        expect(variants).to.be.an('array');
        const list = variants as JsonObject[];
        for (const variant of list) expect(variant, `${where}: every variant needs properties`).to.have.property('properties');
        const propertySets = list.map((v) => new Set(Object.keys(v.properties as JsonObject)));
        const common = [...(propertySets[0] ?? [])].filter((p) => propertySets.every((s) => s.has(p)));
        expect(common, `${where}: variants share no property`).to.not.be.empty;
        const constCommon = common.filter((p) => list.every((v) => 'const' in ((v.properties as JsonObject)[p] as JsonObject)));
        expect(constCommon, `${where}: exactly one common property must be const in every variant`).to.have.length(1);
        const discriminator = constCommon[0] as string;
        list.forEach((variant, n) => {
          const prop = (variant.properties as JsonObject)[discriminator] as JsonObject;
          if ('default' in prop) expect(prop.default, `${where}[${n}].${discriminator}: default must equal const`).to.deep.equal(prop.const);
          if ('enum' in prop) expect(prop.enum, `${where}[${n}].${discriminator}: enum must be [const]`).to.deep.equal([prop.const]);
        });
      }
    });

    it('test_required (a placeholder in CAT): a config missing a required field fails check with a message naming it', async function () {
      const required = connectionSpecification.required as string[];
      expect(required).to.not.be.empty;
      for (const field of required) {
        const { [field]: _dropped, ...rest } = h.config;
        const run = await check(await withConfig(rest));
        const statuses = ofType(run.messages, 'CONNECTION_STATUS').map((m) => m.connectionStatus as { status: string; message?: string });
        expect(run.code, describeRun(run)).to.equal(0);
        expect(statuses, `without ${field}`).to.have.length(1);
        expect(statuses[0]?.status).to.equal('FAILED');
        expect(statuses[0]?.message).to.include(field);
      }
    });

    it('test_optional (a placeholder in CAT): the required fields alone (and api_url, to reach the simulator) pass check', async function () {
      const required = connectionSpecification.required as string[];
      const minimal = Object.fromEntries(Object.entries(h.config).filter(([key]) => required.includes(key) || key === 'api_url'));
      const run = await check(await withConfig(minimal));
      const statuses = ofType(run.messages, 'CONNECTION_STATUS').map((m) => (m.connectionStatus as { status: string }).status);
      expect(statuses, describeRun(run)).to.deep.equal(['SUCCEEDED']);
    });

    it('test_has_secret (a placeholder in CAT): the spec marks at least one field airbyte_secret', function () {
      expect(valuesOfKey(connectionSpecification, 'airbyte_secret').filter((v) => v === true)).to.not.be.empty;
    });

    it('test_secret_never_in_the_output (a placeholder in CAT): no run prints the token, on stdout or stderr', async function () {
      const token = (h.config.credentials as JsonObject).access_token as string;
      const invalid = configFor(h.sim, 'integration_tests/invalid_config.json');
      const badToken = (invalid.credentials as JsonObject).access_token as string;
      const projectsOnly = { streams: [{ stream: { name: 'projects', json_schema: {}, supported_sync_modes: ['full_refresh'] }, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' }] };
      const runs = [
        await check(h.configPath),
        await discover(h.configPath),
        await read(h.configPath, projectsOnly),
        await check(await withConfig(invalid)),
        // A config that fails validation still carries the token: the error must not echo it.
        await discover(await withConfig({ ...h.config, team_name: '!not a team', requests_per_second: -1 })),
      ];
      for (const run of runs) {
        expect(run.stdout + run.stderr).to.not.include(token);
        expect(run.stdout + run.stderr).to.not.include(badToken);
      }
    });

    it('test_secret_is_properly_marked', function () {
      const secretNames = new Set(['client_token', 'access_token', 'api_token', 'token', 'secret', 'client_secret', 'password', 'key', 'service_account_info', 'service_account', 'tenant_id', 'certificate', 'jwt', 'credentials', 'app_id', 'appid', 'refresh_token']);
      const reserved = new Set(['anyOf', 'oneOf', 'allOf', 'not', 'properties', 'items', 'type', 'prefixItems']);
      const properties = connectionSpecification.properties as JsonObject;
      const exposed: string[] = [];
      const hidden: string[] = [];
      for (const [path] of nodesNamed(properties, 'type')) {
        const name = [...path.slice(0, -1)].reverse().find((part) => typeof part === 'string' && !reserved.has(part) && !/^\d+$/.test(part));
        if (typeof name !== 'string' || !secretNames.has(name.toLowerCase())) continue;
        const definition = parentOf(properties, path);
        const canHoldSecret = typesOf(definition).some((t) => ['string', 'integer', 'number'].includes(t)) && !definition.const;
        const marked = definition.airbyte_secret === true;
        const where = `/${path.slice(0, -1).join('/')}`;
        if (marked && !canHoldSecret) hidden.push(where);
        if (!marked && canHoldSecret) exposed.push(where);
      }
      expect(hidden, 'marked airbyte_secret although they cannot hold a secret').to.deep.equal([]);
      expect(exposed, 'should be marked airbyte_secret').to.deep.equal([]);
      // CAT does not look at names like webhook_secret; a secret is a secret all the same.
      for (const [path, value] of walk(properties)) {
        const name = path[path.length - 1];
        if (typeof name === 'string' && /(secret|token|password)$/i.test(name) && isObject(value) && typesOf(value).includes('string') && !value.const) {
          expect(value.airbyte_secret, `/${path.join('/')}`).to.equal(true);
        }
      }
    });

    it('test_property_type_is_not_array', function () {
      for (const [path, type] of nodesNamed(connectionSpecification, 'type')) {
        if (path[path.length - 3] !== 'properties' || !Array.isArray(type)) continue;
        expect(type.length, `/${path.join('/')}`).to.be.oneOf([1, 2]);
        if (type.length === 2) expect(type[1], `/${path.join('/')}: the second type must be null`).to.equal('null');
      }
    });

    it('test_object_not_empty', function () {
      for (const [path, type] of nodesNamed(connectionSpecification, 'type')) {
        if (path.length === 1 || type !== 'object') continue;
        const definition = parentOf(connectionSpecification, path);
        const properties = isObject(definition.properties) ? Object.keys(definition.properties) : [];
        expect('oneOf' in definition || properties.length > 0, `/${path.join('/')} is an empty object`).to.equal(true);
      }
    });

    it('test_array_type', function () {
      for (const [path, type] of nodesNamed(connectionSpecification, 'type')) {
        if (type !== 'array') continue;
        const items = parentOf(connectionSpecification, path).items;
        if (items === undefined) continue;
        expect(Array.isArray(items), `/${path.join('/')}: items must be a single schema`).to.equal(false);
        const itemSchema = items as JsonObject;
        expect(['object', 'string', 'number', 'integer'].includes(String(itemSchema.type)) || 'enum' in itemSchema, `/${path.join('/')}: items must be object, string, number, integer or an enum`).to.equal(true);
      }
    });

    it('test_forbidden_complex_types', function () {
      const forbidden = ['not', 'anyOf', 'patternProperties', 'prefixItems', 'allOf', 'if', 'then', 'else', 'dependentSchemas', 'dependentRequired'];
      const found = forbidden.flatMap((keyword) => nodesNamed(connectionSpecification, keyword).filter(([path]) => path[path.length - 2] !== 'properties').map(([path]) => `/${path.join('/')}`));
      expect(found, 'disallowed JSON schema features').to.deep.equal([]);
    });

    const DATE_PATTERN = '^[0-9]{2}-[0-9]{2}-[0-9]{4}$';
    const DATETIME_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2})?$';

    it('test_date_pattern (CAT warns; here no warning is accepted)', function () {
      for (const [path, format] of nodesNamed(connectionSpecification, 'format')) {
        if (typeof format !== 'string') continue;
        const pattern = parentOf(connectionSpecification, path).pattern;
        if (format === 'date') expect(pattern, `/${path.join('/')}`).to.equal(DATE_PATTERN);
        if (format === 'date-time') expect(pattern, `/${path.join('/')}`).to.equal(DATETIME_PATTERN);
      }
    });

    it('test_date_format (CAT warns; here no warning is accepted)', function () {
      for (const [path, pattern] of nodesNamed(connectionSpecification, 'pattern')) {
        const format = parentOf(connectionSpecification, path).format;
        if (pattern === DATE_PATTERN) expect(format, `/${path.join('/')}`).to.equal('date');
        if (pattern === DATETIME_PATTERN) expect(format, `/${path.join('/')}`).to.equal('date-time');
      }
    });

    it('test_duplicate_order', function () {
      for (const [path, properties] of nodesNamed(connectionSpecification, 'properties')) {
        if (parentOf(connectionSpecification, path).type !== 'object' || !isObject(properties)) continue;
        const used = new Map<string, Set<unknown>>();
        for (const property of Object.values(properties)) {
          if (!isObject(property) || !('order' in property)) continue;
          const group = String(property.group ?? '');
          const orders = used.get(group) ?? new Set();
          expect(orders.has(property.order), `/${path.join('/')} has duplicate order ${String(property.order)}`).to.equal(false);
          orders.add(property.order);
          used.set(group, orders);
        }
      }
    });

    it('test_nested_group', function () {
      for (const [path] of nodesNamed(connectionSpecification.properties, 'group')) {
        const namesAProperty = path[path.length - 2] === 'properties';
        expect(path.length === 2 || namesAProperty, `group defined below the top level at /properties/${path.join('/')}`).to.equal(true);
      }
    });

    it('test_display_type', function () {
      for (const [path, value] of nodesNamed(connectionSpecification.properties, 'display_type')) {
        if (path[path.length - 2] === 'properties') continue;
        const parent = parentOf(connectionSpecification.properties, path);
        expect(parent, `/properties/${path.join('/')}: display_type only on oneOf fields`).to.have.property('oneOf');
        expect(value).to.be.oneOf(['dropdown', 'radio']);
      }
    });

    it('test_defined_refs_exist_in_json_spec_file', function () {
      expect(valuesOfKey(payload, '$ref'), 'unresolved $ref in the spec').to.deep.equal([]);
    });

    it('test_oauth_flow_parameters', function () {
      const advancedAuth = payload.advanced_auth;
      if (!isObject(advancedAuth)) this.skip();
      const predicate = (advancedAuth as JsonObject).predicate_key as string[] | undefined;
      if (predicate) {
        const path = predicate.flatMap((part) => ['properties', part]);
        expect(nodeAt(connectionSpecification, path) ?? findInVariants(connectionSpecification, predicate), `advanced_auth.predicate_key ${predicate.join('.')} is not in the spec`).to.not.equal(undefined);
      }
    });

    it('test_oauth_is_default_method', function () {
      const advancedAuth = payload.advanced_auth;
      if (!isObject(advancedAuth) || !Array.isArray(advancedAuth.predicate_key)) this.skip();
      const [credentialsKey, ...rest] = (advancedAuth as { predicate_key: string[] }).predicate_key;
      const first = nodeAt(connectionSpecification, ['properties', credentialsKey ?? '', 'oneOf', 0]);
      const discriminator = nodeAt(first, [...rest.flatMap((part) => ['properties', part]), 'const']);
      expect(discriminator, 'OAuth must be the first credentials option').to.equal((advancedAuth as JsonObject).predicate_value);
    });

    it('test_backward_compatibility', function () {
      // CAT compares with the previous image and skips when there is none: 0.1.0 is the first release.
      this.skip();
    });

    it('test_additional_properties_is_true', function () {
      for (const value of valuesOfKey(connectionSpecification, 'additionalProperties')) expect(value).to.equal(true);
    });
  });

  describe('TestConnection', function () {
    it('test_check[succeed]', async function () {
      const run = await check(h.configPath);
      const statuses = ofType(run.messages, 'CONNECTION_STATUS');
      expect(statuses, 'Connection status message should be emitted exactly once').to.have.length(1);
      expect((statuses[0]?.connectionStatus as JsonObject).status, describeRun(run)).to.equal('SUCCEEDED');
      expect(run.code).to.equal(0);
    });

    it('test_check[failed]: integration_tests/invalid_config.json', async function () {
      h.sim.stats.reset();
      const run = await check(await withConfig(configFor(h.sim, 'integration_tests/invalid_config.json')));
      const statuses = ofType(run.messages, 'CONNECTION_STATUS');
      expect(statuses, 'Connection status message should be emitted exactly once').to.have.length(1);
      expect((statuses[0]?.connectionStatus as JsonObject).status).to.equal('FAILED');
      expect(run.code, 'a FAILED check still exits 0').to.equal(0);
      // It failed because Coding refused the token, not because nothing answered.
      expect(h.sim.stats.total).to.be.greaterThan(0);
    });
  });

  describe('TestDiscovery', function () {
    let streams: StreamDef[];
    let run: CliRun;

    before(async function () {
      ({ run, streams } = await discovered());
    });

    it('test_discover', function () {
      const catalogs = ofType(run.messages, 'CATALOG');
      expect(catalogs, 'Catalog message should be emitted exactly once').to.have.length(1);
      expect(streams, 'Catalog should contain streams').to.not.be.empty;
      const names = streams.map((s) => s.name);
      expect(new Set(names).size, `duplicate stream names in ${names.join(', ')}`).to.equal(names.length);
      expect(run.code).to.equal(0);
    });

    it('test_streams_have_valid_json_schemas', function () {
      const ajv = metaValidator();
      for (const stream of streams) expect(ajv.validateSchema(stream.json_schema), `${stream.name}: ${ajv.errorsText()}`).to.equal(true);
    });

    it('test_defined_cursors_exist_in_schema', function () {
      for (const stream of streams) {
        if (!stream.default_cursor_field) continue;
        expect(stream.json_schema, stream.name).to.have.property('properties');
        expect(schemaHasField(stream.json_schema, stream.default_cursor_field), `${stream.name}: cursor ${stream.default_cursor_field.join('.')}`).to.equal(true);
      }
    });

    it('test_defined_refs_exist_in_schema', function () {
      const withRefs = streams.filter((s) => valuesOfKey(s.json_schema, '$ref').length > 0).map((s) => s.name);
      expect(withRefs, 'unresolved $ref').to.deep.equal([]);
    });

    for (const keyword of ['allOf', 'not']) {
      it(`test_defined_keyword_exist_in_schema[${keyword}]`, function () {
        expect(streams.filter((s) => usesKeyword(s.json_schema, keyword)).map((s) => s.name)).to.deep.equal([]);
      });
    }

    it('test_primary_keys_exist_in_schema', function () {
      for (const stream of streams) {
        for (const pk of stream.source_defined_primary_key ?? []) expect(schemaHasField(stream.json_schema, pk), `${stream.name}: primary key ${pk.join('.')}`).to.equal(true);
      }
    });

    it('test_streams_has_sync_modes', function () {
      for (const stream of streams) expect(stream.supported_sync_modes, stream.name).to.be.an('array').that.is.not.empty;
    });

    it('test_additional_properties_is_true', function () {
      for (const stream of streams) for (const value of valuesOfKey(stream.json_schema, 'additionalProperties')) expect(value, stream.name).to.equal(true);
    });

    it('test_backward_compatibility', function () {
      // CAT compares with the previous image's catalog and skips when there is none: 0.1.0 is the first release.
      this.skip();
    });

    it('test_catalog_has_supported_data_types (skipped by CAT; enforced here)', function () {
      const validTypes = new Set(['null', 'string', 'number', 'integer', 'boolean', 'object', 'array']);
      for (const stream of streams) {
        for (const [path, type] of nodesNamed(stream.json_schema, 'type')) {
          if (path[path.length - 2] === 'properties' || (typeof type !== 'string' && !Array.isArray(type))) continue;
          const types = typeof type === 'string' ? [type] : (type as string[]);
          const where = `${stream.name} /${path.join('/')}`;
          for (const t of types) expect(validTypes.has(t), `${where}: type ${t}`).to.equal(true);
          const parent = parentOf(stream.json_schema, path);
          if (parent.format !== undefined) {
            expect(parent.format, where).to.be.oneOf(['date', 'date-time']);
            expect(types.filter((t) => t !== 'null'), `${where}: a format needs a string`).to.deep.equal(['string']);
          }
          if (parent.airbyte_type !== undefined) expect(parent.airbyte_type, where).to.be.oneOf(['timestamp_with_timezone', 'timestamp_without_timezone', 'integer']);
        }
      }
    });

    it('test_primary_keys_data_type', function () {
      for (const stream of streams) {
        for (const pk of stream.source_defined_primary_key ?? []) {
          const types = typesOf(fieldSchema(stream.json_schema, pk));
          expect(types.filter((t) => t === 'object' || t === 'array'), `${stream.name}: primary key ${pk.join('.')}`).to.deep.equal([]);
        }
      }
    });
  });

  describe('TestBasicRead', function () {
    let catalog: { streams: ConfiguredStream[] };
    let run: CliRun;
    let all: RecordMessage[];
    const emptyStreams = (basicReadInputs?.empty_streams ?? []).map((s) => s.name);

    before(async function () {
      // High strictness: the catalog is the discovered one minus the declared empty streams, never a custom file.
      catalog = configuredFromDiscovered((await discovered()).streams, emptyStreams);
      run = await read(h.configPath, catalog);
      all = records(run);
    });

    it('test_read: the read completes without a TRACE error and exits 0', function () {
      expect(traces(run, 'ERROR'), describeRun(run)).to.deep.equal([]);
      expect(run.code, describeRun(run)).to.equal(0);
    });

    it('test_read: at least one record is read using the catalog', function () {
      expect(all).to.not.be.empty;
    });

    it('test_read: validate_schema (every record conforms to its stream schema, with format checks)', function () {
      const problems: string[] = [];
      for (const stream of catalog.streams) {
        const validate = recordValidator(stream.stream.json_schema);
        for (const record of all.filter((r) => r.stream === stream.stream.name)) {
          if (!validate(record.data)) problems.push(`${stream.stream.name} ${String(record.data.Key)}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
        }
      }
      expect(problems.slice(0, 10), `${problems.length} records do not conform`).to.deep.equal([]);
    });

    it('test_read: validate_schema (_validate_records_structure: every record shares fields with its schema)', function () {
      const declared = new Map(catalog.streams.map((s) => [s.stream.name, new Set(declaredPaths(s.stream.json_schema))]));
      for (const record of all) {
        const schemaPaths = declared.get(record.stream);
        if (!schemaPaths || schemaPaths.size === 0) continue;
        expect(presentPaths(record.data).some((p) => schemaPaths.has(p)), `${record.stream} ${String(record.data.Key)}`).to.equal(true);
      }
    });

    it('test_read: fail_on_extra_columns (no record has a top-level field its schema does not declare)', function () {
      const extra = new Set<string>();
      for (const stream of catalog.streams) {
        const declared = new Set(Object.keys((stream.stream.json_schema.properties as JsonObject | undefined) ?? {}));
        for (const record of all.filter((r) => r.stream === stream.stream.name)) {
          for (const field of Object.keys(record.data)) if (!declared.has(field)) extra.add(`${stream.stream.name}.${field}`);
        }
      }
      expect([...extra], 'undeclared columns').to.deep.equal([]);
    });

    it('test_read: _validate_empty_streams (every stream not declared empty returns records)', function () {
      const withRecords = new Set(all.map((r) => r.stream));
      const missing = catalog.streams.map((s) => s.stream.name).filter((name) => !withRecords.has(name) && !emptyStreams.includes(name));
      expect(missing, 'All streams should return some records').to.deep.equal([]);
    });

    it('test_read: validate_primary_keys_data_type (no key part is a list or an object, and not all parts are null)', function () {
      for (const stream of catalog.streams) {
        const pk = stream.stream.source_defined_primary_key;
        if (!pk) continue;
        for (const record of all.filter((r) => r.stream === stream.stream.name)) {
          const values = pk.map((path) => path.reduce<unknown>((node, part) => (isObject(node) ? node[part] : undefined), record.data));
          for (const value of values) expect(Array.isArray(value) || isObject(value), `${stream.stream.name}: primary key of forbidden type`).to.equal(false);
          expect(values.some((v) => v !== null && v !== undefined), `${stream.stream.name}: primary key null in all its parts`).to.equal(true);
        }
      }
    });

    it('test_read: expect_records (integration_tests/expected_records.jsonl, exact_order: false, by primary key)', function () {
      const path = basicReadInputs?.expect_records?.path;
      expect(path, 'High strictness: expect_records must be configured').to.be.a('string');
      const expected = readFileSync(join(projectRoot, path as string), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as RecordMessage);
      // High strictness: every configured stream not declared empty needs expected records.
      const seeded = new Set(expected.map((r) => r.stream));
      const notSeeded = catalog.streams.map((s) => s.stream.name).filter((name) => !seeded.has(name) && !emptyStreams.includes(name));
      expect(notSeeded, 'streams without expected records').to.deep.equal([]);
      for (const stream of catalog.streams) {
        const pk = stream.stream.source_defined_primary_key;
        const expectedOfStream = expected.filter((r) => r.stream === stream.stream.name);
        const actualOfStream = all.filter((r) => r.stream === stream.stream.name);
        if (pk) {
          const actualKeys = new Set(actualOfStream.map((r) => keyOf(r.data, pk)));
          const missing = expectedOfStream.map((r) => keyOf(r.data, pk)).filter((k) => !actualKeys.has(k));
          expect(missing, `expected primary keys not found in ${stream.stream.name}`).to.deep.equal([]);
        } else {
          expect(actualOfStream.length, stream.stream.name).to.be.at.least(expectedOfStream.length);
        }
      }
    });

    it('test_read: validate_stream_statuses (STARTED, then only RUNNING, then COMPLETE, at least 3, for every stream)', function () {
      const byStream = new Map<string, string[]>();
      for (const { stream, status } of streamStatuses(run)) byStream.set(stream, [...(byStream.get(stream) ?? []), status]);
      expect([...byStream.keys()].sort(), 'All streams must emit statuses').to.deep.equal(catalog.streams.map((s) => s.stream.name).sort());
      for (const [stream, list] of byStream) {
        expect(list.length, stream).to.be.at.least(3);
        expect(list[0], stream).to.equal('STARTED');
        expect(list[list.length - 1], stream).to.equal('COMPLETE');
        expect(list.slice(1, -1).every((s) => s === 'RUNNING'), `${stream}: ${list.join(', ')}`).to.equal(true);
      }
    });

    it('test_read: validate_state_messages (a STATE per stream at least, none LEGACY, each with sourceStats)', function () {
      const stateMessages = states(run);
      expect(stateMessages.length).to.be.at.least(catalog.streams.length);
      for (const state of stateMessages) {
        expect(state.type, 'LEGACY state is deprecated').to.be.oneOf(['STREAM', 'GLOBAL']);
        expect(state.sourceStats, 'Source stats should be in state message').to.be.an('object');
        expect(state.sourceStats?.recordCount).to.be.a('number');
      }
      // Beyond CAT: each stream checkpoints, and the counts add up to the records it emitted.
      for (const stream of catalog.streams) {
        const own = stateMessages.filter((s) => s.stream.stream_descriptor.name === stream.stream.name);
        expect(own, stream.stream.name).to.not.be.empty;
        const counted = own.reduce((sum, s) => sum + (s.sourceStats?.recordCount ?? 0), 0);
        expect(counted, `${stream.stream.name}: sum of sourceStats.recordCount`).to.equal(all.filter((r) => r.stream === stream.stream.name).length);
      }
    });

    it('test_read (issue_details: true): detailed issues conform to the schema, with no undeclared column', async function () {
      const issues = catalog.streams.filter((s) => s.stream.name === 'issues');
      const detailed = await read(await withConfig({ ...h.config, issue_details: true, projects: ['platform'] }), { streams: issues });
      expect(detailed.code, describeRun(detailed)).to.equal(0);
      const detailedRecords = records(detailed);
      expect(detailedRecords).to.not.be.empty;
      const schema = issues[0]?.stream.json_schema as JsonObject;
      const validate = recordValidator(schema);
      const declared = new Set(Object.keys(schema.properties as JsonObject));
      for (const record of detailedRecords) {
        expect(validate(record.data), `${String(record.data.Key)}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).to.equal(true);
        expect(Object.keys(record.data).filter((f) => !declared.has(f)), String(record.data.Key)).to.deep.equal([]);
      }
      // The detail call is what issue_details adds: a field the list does not carry must be there.
      expect(detailedRecords.some((r) => 'Creator' in r.data)).to.equal(true);
    });

    it('test_airbyte_trace_message_on_failure', async function () {
      const invalidCatalog = {
        streams: [
          {
            stream: { name: '__AIRBYTE__stream_that_does_not_exist', json_schema: { type: 'object', properties: { f1: { type: 'string' } } }, supported_sync_modes: ['full_refresh'] },
            sync_mode: 'INVALID',
            destination_sync_mode: 'INVALID',
          },
        ],
      };
      const failed = await read(h.configPath, invalidCatalog);
      expect(traces(failed, 'ERROR').length, 'Connector should emit at least one error trace message').to.be.at.least(1);
      expect(failed.code, 'and fail the run').to.not.equal(0);
    });
  });

  describe('TestFullRefresh', function () {
    let first: CliRun;
    let second: CliRun;

    before(async function () {
      const file = readJson<{ streams: ConfiguredStream[] }>(fullRefreshInputs?.configured_catalog_path ?? '');
      const catalog = fullRefreshOnly(configuredFromFile(file, (await discovered()).streams));
      first = await read(h.configPath, catalog);
      // CAT pauses so that the second read's emitted_at can only be later.
      await new Promise((resolve) => setTimeout(resolve, 100));
      second = await read(h.configPath, catalog);
    });

    it('test_sequential_reads: emitted_at increases from the first read to the second', function () {
      const firstRecords = records(first);
      const secondRecords = records(second);
      expect(firstRecords, 'At least one record should be read using provided catalog').to.not.be.empty;
      const maxFirst = Math.max(...firstRecords.map((r) => r.emitted_at));
      const minSecond = Math.min(...secondRecords.map((r) => r.emitted_at));
      expect(maxFirst, 'emitted_at should increase on subsequent runs').to.be.below(minSecond);
    });

    it('test_sequential_reads: both reads return the same records (the rule of the CAT reference doc)', function () {
      expect(first.code, describeRun(first)).to.equal(0);
      expect(second.code, describeRun(second)).to.equal(0);
      const data = (run: CliRun) => records(run).map((r) => ({ stream: r.stream, data: r.data }));
      expect(sameData(data(first), data(second)), 'two full refreshes of unchanged data differ').to.equal(true);
    });
  });

  describe('TestIncremental', function () {
    let catalog: { streams: ConfiguredStream[] };

    before(async function () {
      const file = readJson<{ streams: ConfiguredStream[] }>(incrementalInputs?.configured_catalog_path ?? '');
      catalog = incrementalOnly(configuredFromFile(file, (await discovered()).streams));
      expect(catalog.streams, 'the configured catalog has no incremental stream').to.not.be.empty;
    });

    it('test_two_sequential_reads', async function () {
      const first = await read(h.configPath, catalog);
      const firstRecords = records(first);
      const firstStates = states(first);
      expect(firstStates, 'First Read should produce at least one state').to.not.be.empty;
      expect(firstRecords, 'First Read should produce at least one record').to.not.be.empty;
      expect(firstStates[firstStates.length - 1]?.type).to.equal('STREAM');
      const second = await read(h.configPath, catalog, latestStateInput(firstStates));
      expect(second.code, describeRun(second)).to.equal(0);
      const secondRecords = records(second);
      expect(sameData(firstRecords.map((r) => r.data), secondRecords.map((r) => r.data)), 'Records should change between reads but did not').to.equal(false);
    });

    it('test_read_sequential_slices', async function () {
      for (const stream of catalog.streams) {
        const single = { streams: [stream] };
        const first = await read(h.configPath, single);
        const firstRecords = records(first);
        if (firstRecords.length === 0) continue;
        const firstStates = states(first);
        if (firstStates.length === 0) continue;
        const checkpoints = sampledCheckpoints(firstStates);
        expect(checkpoints, `${stream.stream.name}: no suitable state checkpoint (zero record counts in the states?)`).to.not.be.empty;
        const latestByStream = new Map<string, JsonObject>();
        for (const [index, { state, expectedRecords }] of checkpoints.entries()) {
          if (state.stream.stream_state) latestByStream.set(state.stream.stream_descriptor.name, state.stream.stream_state);
          const input = [...latestByStream].map(([name, streamState]) => ({ type: 'STREAM', stream: { stream_descriptor: { name }, stream_state: streamState } }));
          const resumed = await read(h.configPath, single, input);
          expect(resumed.code, describeRun(resumed)).to.equal(0);
          const resumedRecords = records(resumed);
          expect(resumedRecords.length, `Read ${index + 1} of ${checkpoints.length} from ${JSON.stringify(state.stream.stream_state)}`).to.be.at.least(expectedRecords);
          expect(sameData(firstRecords.map((r) => r.data), resumedRecords.map((r) => r.data)), 'Records for subsequent reads with new state should be different').to.equal(false);
          // Beyond CAT: not only as many, but the very records read after that checkpoint.
          const position = first.messages.findIndex((m) => m.type === 'STATE' && m.state === state);
          const after = first.messages.slice(position + 1).filter((m) => m.type === 'RECORD').map((m) => String((m.record as RecordMessage).data.Key));
          const resumedKeys = new Set(resumedRecords.map((r) => String(r.data.Key)));
          expect(after.filter((key) => !resumedKeys.has(key)), 'records after the checkpoint that the resumed read lost').to.deep.equal([]);
        }
      }
    });

    it('test_state_with_abnormally_large_values', async function () {
      const path = incrementalInputs?.future_state?.future_state_path;
      expect(path, 'High strictness: a future state must be configured').to.be.a('string');
      const futureState = readJson<StateMessage[]>(path as string);
      // High strictness: the file covers every incremental stream.
      const covered = new Set(futureState.map((s) => s.stream.stream_descriptor.name));
      expect(catalog.streams.map((s) => s.stream.name).filter((name) => !covered.has(name)), 'streams missing from the future state file').to.deep.equal([]);
      const run = await read(h.configPath, catalog, futureState);
      expect(records(run).map((r) => r.stream), 'The sync should produce no records when run with the state with abnormally large values').to.deep.equal([]);
      expect(states(run), 'The sync should produce at least one STATE message').to.not.be.empty;
      expect(run.code, describeRun(run)).to.equal(0);
    });
  });

  describe('Connector files of integration_tests/', function () {
    it('sample_config.json is the config of the simulator with its defaults (seed 42, `npm run simulator`)', function () {
      const sample = readJson<JsonObject>('integration_tests/sample_config.json');
      expect(sample.team_name).to.equal(h.sim.team);
      expect((sample.credentials as JsonObject).access_token).to.equal(h.sim.tokens.personal);
      expect(sample.api_url).to.equal('http://127.0.0.1:8787/open-api');
    });

    it('expected_records.jsonl is what the seed-42 simulator produces (regenerate with integration_tests/generate-fixtures.ts)', async function () {
      const full = await read(h.configPath, configuredFromDiscovered((await discovered()).streams));
      expect(full.code, describeRun(full)).to.equal(0);
      expect(readFileSync(join(projectRoot, 'integration_tests/expected_records.jsonl'), 'utf8')).to.equal(expectedRecordsText(records(full)));
    });

    it('configured_catalog.json holds the discovered streams with supported modes (regenerate with integration_tests/generate-fixtures.ts)', async function () {
      const file = readFileSync(join(projectRoot, 'integration_tests/configured_catalog.json'), 'utf8');
      expect(file).to.equal(configuredCatalogText((await discovered()).streams));
      if (sharedAvailable()) assertValidConfiguredCatalog(JSON.parse(file));
      for (const entry of (JSON.parse(file) as { streams: ConfiguredStream[] }).streams) expect(entry.stream.supported_sync_modes).to.include(entry.sync_mode);
    });

    it('sample_state.json resumes issues exactly after its positions', async function () {
      const sampleState = readJson<StateMessage[]>('integration_tests/sample_state.json');
      const positions = sampleState[0]?.stream.stream_state?.projects as Record<string, { UpdatedAt: number; Codes: number[] }>;
      expect(Object.keys(positions).sort()).to.deep.equal(h.sim.projectNames().sort());
      const issuesOnly = { streams: [{ stream: { name: 'issues', json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] }, sync_mode: 'incremental', destination_sync_mode: 'append_dedup' }] };
      const run = await read(h.configPath, issuesOnly, sampleState);
      expect(run.code, describeRun(run)).to.equal(0);
      const expected = h.sim
        .projectNames()
        .flatMap((project) => {
          const position = positions[project] as { UpdatedAt: number; Codes: number[] };
          return h.sim
            .issueCodes(project)
            .filter((code) => {
              const updatedAt = h.sim.issueListItem(project, code).UpdatedAt;
              return updatedAt > position.UpdatedAt || (updatedAt === position.UpdatedAt && !position.Codes.includes(code));
            })
            .map((code) => `${h.sim.team}/${project}/${code}`);
        })
        .sort();
      expect(expected, 'the sample state should leave something to read').to.not.be.empty;
      expect(records(run).map((r) => String(r.data.Key)).sort()).to.deep.equal(expected);
    });

    it('acceptance-test-config.yml declares all six suites at high strictness, with files that exist', function () {
      const config = yaml.load(readFileSync(join(projectRoot, 'acceptance-test-config.yml'), 'utf8')) as JsonObject;
      expect(config.test_strictness_level).to.equal('high');
      const suites = config.acceptance_tests as JsonObject;
      expect(Object.keys(suites).sort()).to.deep.equal(['basic_read', 'connection', 'discovery', 'full_refresh', 'incremental', 'spec']);
      expect(nodeAt(suites, ['basic_read', 'tests', 0, 'configured_catalog_path']), 'high strictness forbids a custom catalog in basic_read').to.equal(undefined);
      for (const [path, value] of walk(suites)) {
        const key = path[path.length - 1];
        if (typeof key !== 'string' || typeof value !== 'string' || !/_path$|^path$/.test(key) || value.startsWith('secrets/')) continue;
        expect(() => readFileSync(join(projectRoot, value)), `${path.join('.')}: ${value}`).to.not.throw();
      }
      const metadata = yaml.load(readFileSync(join(projectRoot, 'metadata.yaml'), 'utf8')) as { data: { dockerRepository: string } };
      expect(String(config.connector_image).split(':')[0]).to.equal(metadata.data.dockerRepository);
    });
  });
});

/** A predicate path may lead into a oneOf variant (credentials.auth_type). */
function findInVariants(spec: JsonObject, predicate: string[]): unknown {
  const [head, ...rest] = predicate;
  const variants = nodeAt(spec, ['properties', head ?? '', 'oneOf']);
  if (!Array.isArray(variants)) return undefined;
  return variants.map((v) => nodeAt(v, rest.flatMap((part) => ['properties', part]))).find((found) => found !== undefined);
}
