/**
 * Regenerates the files of integration_tests/ that come from a real run of the connector against the
 * seed-42 simulator: expected_records.jsonl, expected_spec.json and configured_catalog.json.
 *
 *   npm run fixtures
 *
 * Run it after a deliberate change to the spec, a schema or the simulator's dataset; the acceptance
 * suite fails until the files agree with what the connector produces.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ofType } from '../src/test-support/cli-runner.js';
import { configuredCatalogText, expectedRecordsText, expectedSpecText } from './support/fixtures.js';
import { catalogOf, configuredFromDiscovered, describeRun, discover, integrationDir, read, records, spec, startHarness } from './support/harness.js';
import type { JsonObject } from '../src/json.js';

const harness = await startHarness();
try {
  const specRun = await spec();
  const specPayload = ofType(specRun.messages, 'SPEC')[0]?.spec as JsonObject | undefined;
  if (!specPayload) throw new Error(`spec printed no SPEC: ${describeRun(specRun)}`);

  const discovered = catalogOf(await discover(harness.configPath));
  const run = await read(harness.configPath, configuredFromDiscovered(discovered));
  if (run.code !== 0) throw new Error(`the read failed: ${describeRun(run)}`);

  const outputs: Array<[string, string]> = [
    ['expected_records.jsonl', expectedRecordsText(records(run))],
    ['expected_spec.json', expectedSpecText(specPayload)],
    ['configured_catalog.json', configuredCatalogText(discovered)],
  ];
  for (const [file, text] of outputs) {
    await writeFile(join(integrationDir, file), text);
    process.stdout.write(`wrote integration_tests/${file}\n`);
  }
} finally {
  await harness.close();
}
