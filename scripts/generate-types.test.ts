import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../src/test-support/protocol-schema.js';
// @ts-expect-error: a plain ESM script without type declarations
import { renderGeneratedTypes } from './generate-types.mjs';

describe('generated record and config types', () => {
  it('are up to date with spec.json and schemas/ (run `npm run build` after editing a schema)', async () => {
    const files = (await renderGeneratedTypes()) as Record<string, string>;
    expect(Object.keys(files)).to.have.members(['src/generated/records.ts', 'src/generated/config.ts']);
    for (const [path, content] of Object.entries(files)) {
      const onDisk = await readFile(join(projectRoot, path), 'utf8').catch(() => '(missing)');
      expect(onDisk, `${path} is stale`).to.equal(content);
    }
  });

  it('declare a type for every stream schema', async () => {
    const files = (await renderGeneratedTypes()) as Record<string, string>;
    for (const name of ['IssuesRecord', 'IterationsRecord', 'ProjectMembersRecord', 'ProjectsRecord']) {
      expect(files['src/generated/records.ts']).to.include(`export interface ${name} {`);
    }
  });
});
