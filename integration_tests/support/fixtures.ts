/**
 * The generated connector files (expected_records.jsonl, expected_spec.json, configured_catalog.json):
 * how each is derived from a real run against the seed-42 simulator. The generator script writes them;
 * a test derives them again and compares, so a change in the connector or the dataset that alters
 * them cannot go unnoticed.
 */
import type { JsonObject } from '../../src/json.js';
import { DATASET_FACTS } from '@source-coding/coding-simulator';
import type { ConfiguredStream, RecordMessage, StreamDef } from './harness.js';

/**
 * emitted_at of the expected records. CAT ignores it (records are matched by primary key), but the
 * file format wants an integer epoch-ms; a fixed one keeps the file byte-stable across runs.
 */
export const EXPECTED_EMITTED_AT = DATASET_FACTS.rangeEnd;

/** Per project, the records with the lowest ids, and for issues also the first sub-task. */
const PER_PROJECT = 2;

/** The last part of the key: a number (Code, Id) or a string (a commit's Sha). */
function idOf(record: RecordMessage): number | string {
  const last = String(record.data.Key).split('/').pop() ?? '';
  return /^\d+$/.test(last) ? Number(last) : last;
}

function byId(a: RecordMessage, b: RecordMessage): number {
  const [x, y] = [idOf(a), idOf(b)];
  return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
}

/**
 * A few records per stream, chosen by rules that do not depend on the order Coding lists them in:
 * every project (there are few), and per project the lowest two ids of each other stream, plus the
 * first sub-task (sub-tasks are only listed when the connector asks for them, so they deserve a witness).
 */
export function selectExpectedRecords(all: RecordMessage[]): RecordMessage[] {
  const chosen: RecordMessage[] = [];
  const streams = [...new Set(all.map((r) => r.stream))].sort();
  for (const stream of streams) {
    const ofStream = all.filter((r) => r.stream === stream);
    if (stream === 'projects') {
      chosen.push(...[...ofStream].sort((a, b) => String(a.data.Key).localeCompare(String(b.data.Key))));
      continue;
    }
    // Team streams (team_members) have no ProjectName: they are one group.
    const projects = [...new Set(ofStream.map((r) => r.data.ProjectName))].sort((a, b) => String(a).localeCompare(String(b)));
    for (const project of projects) {
      const inProject = ofStream.filter((r) => r.data.ProjectName === project).sort(byId);
      const picked = inProject.slice(0, PER_PROJECT);
      const subTask = stream === 'issues' ? inProject.find((r) => r.data.Type === 'SUB_TASK') : undefined;
      if (subTask && !picked.includes(subTask)) picked.push(subTask);
      chosen.push(...picked);
    }
  }
  return chosen.map((r) => ({ stream: r.stream, data: r.data, emitted_at: EXPECTED_EMITTED_AT }));
}

export function expectedRecordsText(all: RecordMessage[]): string {
  return selectExpectedRecords(all)
    .map((r) => JSON.stringify(r))
    .join('\n')
    .concat('\n');
}

/** The SPEC payload as CAT's spec_path file holds it (a whole ConnectorSpecification). */
export function expectedSpecText(specPayload: JsonObject): string {
  return `${JSON.stringify(specPayload, null, 2)}\n`;
}

/**
 * integration_tests/configured_catalog.json: the discovered streams, issues incremental with
 * deduplication on the key, the others full refresh replacing the previous copy.
 */
export function configuredCatalog(discovered: StreamDef[]): { streams: ConfiguredStream[] } {
  return {
    streams: discovered.map((stream) => {
      const incremental = stream.supported_sync_modes.includes('incremental');
      return {
        stream,
        sync_mode: incremental ? 'incremental' : 'full_refresh',
        destination_sync_mode: incremental ? 'append_dedup' : 'overwrite',
        ...(incremental && stream.default_cursor_field ? { cursor_field: stream.default_cursor_field } : {}),
        ...(stream.source_defined_primary_key ? { primary_key: stream.source_defined_primary_key } : {}),
      };
    }),
  };
}

export function configuredCatalogText(discovered: StreamDef[]): string {
  return `${JSON.stringify(configuredCatalog(discovered), null, 2)}\n`;
}
