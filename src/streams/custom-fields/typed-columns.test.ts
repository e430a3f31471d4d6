import { expect } from 'chai';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import type { Payload } from '../../coding/client.js';
import { CodingPermissionError } from '../../coding/errors.js';
import type { Item } from '../../coding/paging.js';
import { discover } from '../../engine/discover.js';
import { isObject, type JsonObject } from '../../json.js';
import type { AirbyteStream } from '../../protocol/messages.js';
import { discoverInProcess, syncInProcess } from '../../test-support/in-process-sync.js';
import { RecordSchemas } from '../../test-support/record-schemas.js';
import { testRunContext } from '../../test-support/run-context.js';
import { scriptedClient } from '../../test-support/scripted-client.js';
import { issues } from '../issues.js';
import { customFieldShaper } from './typed-columns.js';

const UTC8 = 8 * 3_600_000;

/** The value a ValueString of the simulator's encodings stands for: an oracle written apart from the connector's parser. */
function meant(component: string, raw: string): unknown {
  switch (component) {
    case 'SELECT_MULTI':
    case 'CHECKBOX':
    case 'SELECT_MEMBER_SINGLE':
    case 'SELECT_MEMBER_MULTI':
      return JSON.parse(raw);
    case 'TEXT_DATE':
      return /^\d+$/.test(raw) ? new Date(Number(raw) + UTC8).toISOString().slice(0, 10) : raw.slice(0, 10);
    case 'TEXT_DATETIME':
      return `${/^\d+$/.test(raw) ? new Date(Number(raw) + UTC8).toISOString().slice(0, 19) : raw.replace(' ', 'T')}+08:00`;
    case 'TEXT_INTEGER':
      return /^\d+$/.test(raw) ? Number(raw) : null;
    case 'TEXT_DECIMAL':
      return Number(raw);
    default:
      return raw;
  }
}

describe('custom fields as typed columns of issues', () => {
  let sim: Simulator;
  let catalog: AirbyteStream[];
  let components: Map<number, { name: string; component: string }>;
  before(async () => {
    sim = await startSimulator({ seed: 9, dataset: { projects: 3, issuesPerProject: 60 } });
    catalog = await discoverInProcess(sim);
    components = new Map();
    for (const project of sim.projectNames()) {
      for (const type of ['REQUIREMENT', 'DEFECT', 'MISSION', 'EPIC', 'SUB_TASK']) {
        for (const f of sim.list('DescribeProjectIssueFieldList', { ProjectName: project, IssueType: type })) {
          if (f.IssueField.Type === 'CUSTOM') components.set(f.IssueFieldId, { name: f.IssueField.Name, component: f.IssueField.ComponentType });
        }
      }
    }
  });
  after(() => sim.close());

  it('are discovered as custom_field_<Id>, titled with the field’s name, typed by its ComponentType', () => {
    const properties = catalog.find((s) => s.name === 'issues')?.json_schema.properties as Record<string, JsonObject>;
    expect(components.size).to.equal(12);
    const types: Record<string, unknown> = {};
    for (const [id, { name, component }] of components) {
      const column = properties[`custom_field_${id}`];
      expect(column, `custom_field_${id}`).to.be.an('object');
      expect(column?.title).to.equal(name);
      expect(String(column?.description)).to.include(component).and.include(String(id));
      types[component] = { type: column?.type, ...(column?.format ? { format: column.format } : {}), ...(isObject(column?.items) ? { items: column.items.type } : {}) };
    }
    expect(types).to.deep.equal({
      TEXT_SINGLE_LINE: { type: ['string', 'null'] },
      TEXT_MULTI_LINE: { type: ['string', 'null'] },
      SELECT_SINGLE: { type: ['string', 'null'] },
      RADIO: { type: ['string', 'null'] },
      SELECT_MULTI: { type: ['array', 'null'], items: 'string' },
      CHECKBOX: { type: ['array', 'null'], items: 'string' },
      SELECT_MEMBER_SINGLE: { type: ['object', 'null'] },
      SELECT_MEMBER_MULTI: { type: ['array', 'null'], items: 'object' },
      TEXT_DATE: { type: ['string', 'null'], format: 'date' },
      TEXT_DATETIME: { type: ['string', 'null'], format: 'date-time' },
      TEXT_INTEGER: { type: ['integer', 'null'] },
      TEXT_DECIMAL: { type: ['number', 'null'] },
    });
  });

  it('hold in every issue record the parsed value (null where unset), validate against the discovered schema, and leave CustomFields as sent', async () => {
    const run = await syncInProcess(sim, { issues: 'full_refresh' });
    const records = run.records.get('issues') ?? [];
    expect(records).to.have.length(180);
    const schemas = new RecordSchemas(catalog);
    let valued = 0;
    for (const record of records) {
      expect(schemas.problems('issues', record), String(record.Key)).to.deep.equal([]);
      const sent = sim.issueListItem(String(record.ProjectName), Number(record.Code)).CustomFields;
      expect(record.CustomFields).to.deep.equal(sent);
      const expected: Item = Object.fromEntries([...components.keys()].map((id) => [`custom_field_${id}`, null]));
      for (const { Id, ValueString } of sent) expected[`custom_field_${Id}`] = meant(components.get(Id)?.component ?? '', ValueString);
      const actual = Object.fromEntries(Object.entries(record).filter(([key]) => key.startsWith('custom_field_')));
      expect(actual, String(record.Key)).to.deep.equal(expected);
      valued += sent.length;
    }
    expect(valued).to.be.greaterThan(200);
  });

  it('come from the configured catalog’s schema when it has one: the same values, without a single definition request', async () => {
    const schema = catalog.find((s) => s.name === 'issues')?.json_schema as JsonObject;
    const loaded = await syncInProcess(sim, { issues: 'full_refresh' });
    const configured = await syncInProcess(sim, { issues: { syncMode: 'full_refresh', jsonSchema: schema } });
    expect(loaded.requests.DescribeProjectIssueFieldList, 'an empty schema loads the definitions').to.be.greaterThan(0);
    expect(configured.requests).to.not.have.any.keys('DescribeProjectIssueFieldList', 'DescribeProjectIssueTypeList');
    expect(configured.records.get('issues')).to.deep.equal(loaded.records.get('issues'));
  });

  it('are exactly the columns the configured schema keeps: a column the user removed is not filled, one edited to a string holds the raw text', async () => {
    const schema = structuredClone(catalog.find((s) => s.name === 'issues')?.json_schema as JsonObject);
    const properties = schema.properties as Record<string, JsonObject>;
    const [removed, edited] = [...components].filter(([, c]) => c.component === 'TEXT_DATE' || c.component === 'TEXT_DECIMAL').map(([id]) => `custom_field_${id}`);
    delete properties[removed!];
    properties[edited!] = { type: ['string', 'null'] };
    const run = await syncInProcess(sim, { issues: { syncMode: 'full_refresh', jsonSchema: schema } });
    const records = run.records.get('issues') ?? [];
    const editedId = Number(edited!.slice('custom_field_'.length));
    let seen = 0;
    for (const record of records) {
      expect(record, String(record.Key)).to.not.have.property(removed!);
      const raw = (record.CustomFields as Array<{ Id: number; ValueString: string }>).find((f) => f.Id === editedId)?.ValueString;
      expect(record[edited!]).to.equal(raw === undefined || raw === '' ? null : raw);
      if (raw) seen += 1;
    }
    expect(seen).to.be.greaterThan(0);
    expect(run.requests).to.not.have.any.keys('DescribeProjectIssueFieldList');
  });

  it('turn a value that does not parse into null with one WARN for its field per sync, not one per issue', async () => {
    const run = await syncInProcess(sim, { issues: 'full_refresh' });
    const unparsable = (run.records.get('issues') ?? []).filter((r) => (r.CustomFields as Array<{ Id: number; ValueString: string }>).some((f) => f.Id === 210112 && !/^\d+$/.test(f.ValueString)));
    expect(unparsable.length, 'one per project in the seeded data').to.equal(3);
    for (const record of unparsable) expect(record.custom_field_210112).to.equal(null);
    const warnings = run.logs.filter((l) => l.level === 'WARN' && l.text.includes('Custom field'));
    expect(warnings).to.have.length(1);
    expect(warnings[0]?.text).to.include('210112').and.include('影响用户数');
  });
});

describe('custom-field definitions Coding may give', () => {
  const project = { Id: 7, Name: 'p' };
  function coding(fields: (type: string) => unknown[], refuse = false) {
    return scriptedClient((action, params): Payload => {
      switch (action) {
        case 'DescribeProjectByName':
          return { Project: project };
        case 'DescribeProjectIssueTypeList':
          return { IssueTypes: [{ Id: 1, IssueType: 'REQUIREMENT' }, { Id: 2, IssueType: 'DEFECT' }, { Id: 3, IssueType: 'REQUIREMENT', IsSystem: false }] };
        case 'DescribeProjectIssueFieldList':
          if (refuse) throw new CodingPermissionError(action, 'InvalidParameterValue', 'Permission denied', 'Coding refused DescribeProjectIssueFieldList.', 'config_error');
          return { ProjectIssueFieldList: fields(String(params.IssueType)) };
        default:
          throw new Error(`unexpected ${action}`);
      }
    });
  }
  const field = (id: number, component: string, type = 'CUSTOM') => ({ IssueFieldId: id, IssueField: { Id: id, Name: `字段 ${id}`, Type: type, ComponentType: component } });

  it('widen a field whose ComponentType differs between issue types to its raw text, and leave system fields out; each IssueType is read once', async () => {
    const client = coding((type) => [field(1, 'SELECT_MEMBER_SINGLE', 'SYSTEM'), field(9, type === 'DEFECT' ? 'TEXT_DATE' : 'TEXT_INTEGER'), field(10, 'TEXT_DECIMAL')]);
    const ctx = testRunContext(client, { projects: ['p'] });
    const streams = await discover([issues], ctx.settings, () => ctx);
    const properties = streams[0]?.json_schema.properties as Record<string, JsonObject>;
    expect(properties).to.not.have.property('custom_field_1');
    expect(properties.custom_field_9).to.deep.include({ type: ['string', 'null'] });
    expect(String(properties.custom_field_9?.description)).to.include('TEXT_DATE, TEXT_INTEGER').and.include('raw ValueString');
    expect(properties.custom_field_10).to.deep.include({ type: ['number', 'null'] });
    expect(client.calls.filter((c) => c.action === 'DescribeProjectIssueFieldList').map((c) => c.params.IssueType)).to.deep.equal(['REQUIREMENT', 'DEFECT']);
    const shape = await customFieldShaper(testRunContext(coding((type) => [field(9, type === 'DEFECT' ? 'TEXT_DATE' : 'TEXT_INTEGER')]), { projects: ['p'] }));
    expect(shape({ Key: 'k', CustomFields: [{ Id: 9, ValueString: '2024-05-01' }] }).custom_field_9).to.equal('2024-05-01');
  });

  it('give no typed columns, with a warning, when the token may not read field definitions; issues are still shaped as sent', async () => {
    const ctx = testRunContext(coding(() => [], true), { projects: ['p'] });
    const streams = await discover([issues], ctx.settings, () => ctx);
    expect(Object.keys(streams[0]?.json_schema.properties as JsonObject).filter((k) => k.startsWith('custom_field_'))).to.deep.equal([]);
    expect(ctx.logs.some((l) => l.level === 'WARN' && /not typed columns/.test(l.text))).to.equal(true);
    const shape = await customFieldShaper(ctx);
    const record = { Key: 'k', CustomFields: [{ Id: 9, ValueString: 'x' }] };
    expect(shape(record)).to.deep.equal(record);
  });
});
