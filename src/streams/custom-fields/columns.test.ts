import { expect } from 'chai';
import { columnSchema, columnsOfSchema, type Column } from './columns.js';
import type { ColumnKind } from './parse-value.js';

const KINDS: ColumnKind[] = ['text', 'texts', 'member', 'members', 'date', 'datetime', 'integer', 'decimal'];

describe('custom-field columns read back from a configured schema', () => {
  it('have the kind they were discovered with, for every kind, in id order, titled with the field’s name', () => {
    const written: Column[] = KINDS.map((kind, i) => ({ id: 900 - i, property: `custom_field_${900 - i}`, name: `字段 ${kind}`, componentTypes: ['X'], kind }));
    const schema = { type: 'object', properties: { Code: { type: 'integer' }, ...Object.fromEntries(written.map((c) => [c.property, columnSchema(c)])) } };
    const read = columnsOfSchema(schema);
    expect([...(read?.keys() ?? [])]).to.deep.equal(written.map((c) => c.id).sort((a, b) => a - b));
    for (const column of written) expect(read?.get(column.id)).to.deep.include({ property: column.property, name: column.name, kind: column.kind });
  });

  it('take a kind whose values the edited schema admits, and are loaded from Coding only when the schema lists no properties', () => {
    const kinds = columnsOfSchema({ properties: { custom_field_1: {}, custom_field_2: { type: ['integer', 'number', 'null'] }, custom_field_3: { type: ['string', 'integer'] }, custom_field_4: true, custom_field_x: { type: 'integer' } } });
    expect(Object.fromEntries([...(kinds ?? [])].map(([id, c]) => [id, c.kind]))).to.deep.equal({ 1: 'text', 2: 'decimal', 3: 'text', 4: 'text' });
    expect(columnsOfSchema({ properties: { Code: { type: 'integer' } } })?.size).to.equal(0);
    expect(columnsOfSchema({})).to.equal(undefined);
    expect(columnsOfSchema({ properties: {} })).to.equal(undefined);
    expect(columnsOfSchema(undefined)).to.equal(undefined);
  });
});
