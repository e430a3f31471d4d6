import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ConfigError } from '../errors.js';
import type { ConnectorConfig } from '../generated/config.js';
import { isObject, nestsDeeperThan } from '../json.js';
import { connectionSpecification } from './spec.js';

// Airbyte's UI keywords are annotations, not validation: declare them so strict mode stays on for the rest.
// spec.json is not checked against the draft-07 meta-schema at every start (compiling the meta-schema
// took a third of `read`'s start-up validation); the spec tests check it once.
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, validateSchema: false, keywords: ['airbyte_secret', 'order', 'airbyte_hidden', 'group', 'display_type'] });
let validate: ValidateFunction<ConnectorConfig> | undefined;
const MAX_CONFIG_DEPTH = 32;

/**
 * Validates a parsed config file against spec.json. The error names each offending field and what is
 * wrong with it; it never quotes a value (ajv's messages do not, and we add none), so a malformed
 * token cannot leak through an error.
 */
export function validateConfig(raw: unknown): ConnectorConfig {
  if (!isObject(raw)) throw new ConfigError('The config file must contain a JSON object.');
  // The config is echoed back whole after an OAuth renewal (a CONTROL message), and serialising a value
  // thousands of levels deep overflows the stack: the renewed tokens would be lost. No config needs more
  // than a few levels, so a deep one is refused here, before anything walks it recursively.
  if (nestsDeeperThan(raw, MAX_CONFIG_DEPTH)) throw new ConfigError(`The config file nests objects or arrays more than ${MAX_CONFIG_DEPTH} levels deep; a config needs three.`);
  validate ??= ajv.compile<ConnectorConfig>(connectionSpecification());
  if (validate(raw)) return raw;
  const problems = relevantErrors(raw, validate.errors ?? []).map(describe);
  throw new ConfigError(`Invalid config: ${[...new Set(problems)].join('; ')}.`);
}

/**
 * A oneOf failure makes ajv report every branch's errors. When auth_type says which branch the user
 * meant, only that branch's complaints are useful.
 */
function relevantErrors(raw: Record<string, unknown>, errors: ErrorObject[]): ErrorObject[] {
  const credentials = raw.credentials;
  const authType = isObject(credentials) ? credentials.auth_type : undefined;
  const branch = authType === 'token' ? '/oneOf/0/' : authType === 'oauth2' ? '/oneOf/1/' : undefined;
  const kept = errors.filter((e) => {
    if (!e.schemaPath.includes('/credentials/oneOf')) return true;
    if (branch === undefined) return e.keyword === 'oneOf' || e.instancePath === '/credentials/auth_type';
    return e.schemaPath.includes(branch);
  });
  if (branch === undefined && isObject(credentials)) {
    return [...kept.filter((e) => !e.schemaPath.includes('/credentials/oneOf')), { ...unknownAuthType }];
  }
  return kept;
}

const unknownAuthType: ErrorObject = {
  instancePath: '/credentials/auth_type',
  schemaPath: '#/properties/credentials/oneOf',
  keyword: 'oneOf',
  params: {},
  message: 'must be "token" (personal access token) or "oauth2"',
};

function describe(error: ErrorObject): string {
  const path = error.instancePath === '' ? '' : error.instancePath.slice(1).replaceAll('/', '.');
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty: string }).missingProperty);
    return `${path ? `${path}.` : ''}${missing} is required`;
  }
  if (error.keyword === 'additionalProperties') return `${path} has an unexpected field`;
  return `${path || 'config'} ${error.message ?? 'is invalid'}`;
}
