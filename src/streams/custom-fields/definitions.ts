import { CodingPermissionError } from '../../coding/errors.js';
import { isObject } from '../../json.js';
import type { RunContext } from '../../engine/context.js';
import type { Partition } from '../../engine/declaration.js';
import { listAll } from '../../engine/listing.js';
import { issueFields } from '../issue-fields.js';
import { kindOf, type Column } from './columns.js';

/**
 * The custom fields of the projects this run reads (all the token sees when none are configured),
 * merged by field id across projects and issue types, read through the issue_fields stream's own
 * listing. System fields are the issue's own columns and are left out (IssueField.Type SYSTEM; the
 * values Type takes are INFERRED, so anything else counts as custom). A token that may not read
 * field definitions gives no columns, with a warning, rather than no issues.
 */
export async function loadColumns(ctx: RunContext): Promise<Map<number, Column>> {
  const found = new Map<number, { name: string; componentTypes: Set<string> }>();
  try {
    const partitions: Partition[] = [];
    for await (const partition of ctx.partitions.of(ctx, issueFields)) partitions.push(partition);
    const lists = await Promise.all(partitions.map((partition) => listAll(ctx, issueFields, partition)));
    for (const item of lists.flat()) {
      const field = isObject(item.IssueField) ? item.IssueField : {};
      if (String(field.Type ?? '').toUpperCase() === 'SYSTEM') continue;
      const id = typeof item.IssueFieldId === 'number' ? item.IssueFieldId : field.Id;
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) continue;
      const entry = found.get(id) ?? { name: typeof field.Name === 'string' && field.Name !== '' ? field.Name : `field ${id}`, componentTypes: new Set<string>() };
      if (typeof field.ComponentType === 'string' && field.ComponentType !== '') entry.componentTypes.add(field.ComponentType);
      found.set(id, entry);
    }
  } catch (error) {
    if (!(error instanceof CodingPermissionError)) throw error;
    await ctx.log('WARN', `Custom fields are not typed columns of issues: reading their definitions failed (${error.message}). Issues keep their raw CustomFields.`);
    return new Map();
  }
  const columns = new Map<number, Column>();
  for (const [id, { name, componentTypes }] of [...found].sort(([a], [b]) => a - b)) {
    const types = [...componentTypes].sort();
    columns.set(id, { id, property: `custom_field_${id}`, name, componentTypes: types, kind: kindOf(types) });
  }
  return columns;
}
