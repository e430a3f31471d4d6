import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import yaml from 'js-yaml';

/**
 * The official Airbyte protocol schema lives in the workspace's shared reference data, beside the
 * project root (never inside it: it is test data, not part of the product). Tests that need it skip,
 * with a visible notice, where it is absent.
 */
export const projectRoot = resolve(fileURLToPath(new URL('../../', import.meta.url)));
export const sharedDir = process.env.SOURCE_CODING_SHARED_DIR ?? join(projectRoot, '..', 'shared');
const protocolFile = join(sharedDir, 'airbyte', 'airbyte_protocol.yaml');
export const metadataSchemaFile = join(sharedDir, 'airbyte', 'ConnectorMetadataDefinitionV0.json');

export function sharedAvailable(): boolean {
  return existsSync(protocolFile);
}

/** Call at the top of a `before` hook of suites that need the shared schemas. */
export function skipWithoutShared(context: Mocha.Context): void {
  if (!sharedAvailable()) {
    console.warn(`\n  NOTICE: ${protocolFile} is absent; skipping "${context.currentTest?.parent?.title ?? context.test?.parent?.title ?? 'suite'}". CI always has it.\n`);
    context.skip();
  }
}

let validators: { message: ValidateFunction; catalog: ValidateFunction } | undefined;

function load(): { message: ValidateFunction; catalog: ValidateFunction } {
  if (validators) return validators;
  const schema = yaml.load(readFileSync(protocolFile, 'utf8')) as Record<string, unknown>;
  // The schema uses a Java-generator keyword that is not JSON Schema.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(schema, 'airbyte');
  validators = {
    message: ajv.compile({ $ref: 'airbyte#/definitions/AirbyteMessage' }),
    catalog: ajv.compile({ $ref: 'airbyte#/definitions/ConfiguredAirbyteCatalog' }),
  };
  return validators;
}

/** Throws with ajv's explanation when a message does not conform to the official schema. */
export function assertValidMessage(message: unknown): void {
  const validate = load().message;
  if (!validate(message)) {
    throw new Error(`Not a valid AirbyteMessage: ${JSON.stringify(validate.errors?.slice(0, 3))}\n${JSON.stringify(message).slice(0, 500)}`);
  }
}

export function assertValidConfiguredCatalog(catalog: unknown): void {
  const validate = load().catalog;
  if (!validate(catalog)) throw new Error(`Not a valid ConfiguredAirbyteCatalog: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
}
