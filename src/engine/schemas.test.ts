import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { packagePath } from '../config/package-files.js';
import { streamSchema } from './schemas.js';

describe('stream schemas as discover emits them', () => {
  const files = readdirSync(packagePath('schemas')).filter((f) => f.endsWith('.json'));

  it('exist for every file in schemas/', () => {
    expect(files).to.include.members(['issues.json', 'iterations.json', 'project_members.json', 'projects.json']);
  });

  for (const file of files) {
    it(`${file} has every $ref inlined and no definitions left`, () => {
      const text = JSON.stringify(streamSchema(file));
      expect(text).not.to.include('$ref');
      expect(text).not.to.include('"definitions"');
    });
  }

  it('inlines shared shapes where they are used', () => {
    const issues = streamSchema('issues.json') as { properties: Record<string, { properties?: Record<string, unknown> }> };
    expect(issues.properties.Creator?.properties).to.have.property('GlobalKey');
    expect(issues.properties.Parent?.properties?.Assignee).to.have.nested.property('properties.Email');
  });
});
