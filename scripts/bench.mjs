#!/usr/bin/env node
// `npm run bench`: the connector against a floor and the API bound, measured in the same run on the
// built-in Coding simulator (loopback). It prints figures and asserts nothing; what each scenario
// measures is explained in docs/benchmarks.md, where full runs are also recorded (appended, with a chart).
//
//   npm run bench [-- [--quick] [--full] [--only A,C,D] [--label "after"] [--no-record | --record]]
//
// --quick: one run per read scenario instead of the median of 3, and fewer webhook deliveries; not recorded
// unless --record. --full: adds the 1M-record memory point. --only: a subset of A B C D E F (not recorded
// unless --record). Run through tsx (see package.json): the helpers under scripts/bench/ are TypeScript;
// the measured children (connector and floor) are plain node processes.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { recordRun, runMeta } from './bench/record.ts';
import { renderText, tablesOf } from './bench/report.ts';
import { memorySizes, READ_SCENARIOS, removeWorkFiles, root, runMemory, runReadScenario, runStartup, runWebhooks } from './bench/scenarios.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    only: { type: 'string' },
    label: { type: 'string' },
    record: { type: 'boolean' },
    'no-record': { type: 'boolean', default: false },
  },
});
const only = values.only ? new Set(values.only.toUpperCase().split(/[\s,]+/)) : undefined;
const wanted = (id) => !only || only.has(id);
const runs = values.quick ? 1 : 3;
const mode = values.full ? 'full' : values.quick ? 'quick' : 'default';
const record = values['no-record'] ? false : (values.record ?? (!values.quick && !only));
const log = (line) => console.log(line);

const result = { meta: runMeta(root, mode, values.label), scenarios: [] };
console.log(`source-coding benchmark: node ${result.meta.node}, ${result.meta.machine}, ${result.meta.date}, commit ${result.meta.commit}${mode === 'default' ? '' : ` [${mode}]`}\n`);

for (const spec of READ_SCENARIOS) {
  if (!wanted(spec.id)) continue;
  log(`${spec.id}. ${spec.title}`);
  result.scenarios.push(await runReadScenario(spec, runs, log));
}
if (wanted('D')) {
  log('D. Start-up');
  result.startup = await runStartup(10, values.quick ? 1 : 3, log);
}
if (wanted('E')) {
  log('E. Memory against records read');
  result.memory = await runMemory(memorySizes(values.full), log);
}
if (wanted('F')) {
  log('F. Webhook receiver, signed deliveries over loopback, fsync on');
  result.webhooks = await runWebhooks(values.quick ? 2000 : 10000, log);
}

await removeWorkFiles();
result.meta.loadAtEnd = loadavg()[0];
console.log(`\nLoad average ${result.meta.loadAtStart.toFixed(2)} at the start, ${result.meta.loadAtEnd.toFixed(2)} at the end (other work on the machine skews the figures).\n`);
for (const table of tablesOf(result)) console.log(renderText(table) + '\n');
if (result.webhooks) console.log(['F. Webhook receiver', ...result.webhooks, ''].join('\n'));
if (record) {
  const written = await recordRun(root, result);
  console.log(`Recorded in ${written.map((p) => p.slice(root.length + 1)).join(' and ')}.`);
}
