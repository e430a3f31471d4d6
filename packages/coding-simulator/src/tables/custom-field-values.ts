/**
 * The custom-field values issues carry (`CustomFields[].ValueString`), drawn from their own stream:
 * for each issue, values of some of the custom fields its project shows for its type, encoded as
 * the reference says Coding encodes them — JSON for multi-selects and members, dates in each of the
 * plausible encodings (INFERRED there: `yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss` in UTC+8, epoch
 * milliseconds as text). One value per project does not parse as its type (an integer field holding
 * text, as a field whose type was changed would), so that readers meet one.
 */
import { CUSTOMERS } from '../dataset-text.js';
import type { IssueRecord, UserRecord } from '../model.js';
import type { Prng } from '../prng.js';
import { DAY_MS, shanghaiDate } from '../shanghai-time.js';
import type { FieldDefinition } from './issue-field-definitions.js';
import type { ProjectFieldRow } from './project-issue-fields.js';
import { ACCEPTANCE_CRITERIA } from './workflow-text.js';

export interface ValueSources {
  rng: Prng;
  fields: readonly ProjectFieldRow[];
  definitions: ReadonlyMap<number, FieldDefinition>;
  users: ReadonlyMap<number, UserRecord>;
  memberIds: readonly number[];
}

/** A text that no reader can take for an integer. */
export const UNPARSABLE_INTEGER = '约 300 人';

/** The issues with their custom-field values replaced; the issue records given are not changed. */
export function withCustomFieldValues(issues: readonly IssueRecord[], sources: ValueSources): IssueRecord[] {
  let unparsablePlaced = false;
  const customByType = new Map<string, FieldDefinition[]>();
  for (const row of sources.fields) {
    const field = sources.definitions.get(row.fieldId);
    if (field?.type === 'CUSTOM') customByType.set(row.issueType, [...(customByType.get(row.issueType) ?? []), field]);
  }
  return issues.map((issue) => {
    const values: Array<readonly [number, string]> = [];
    for (const field of customByType.get(issue.type) ?? []) {
      if (!sources.rng.chance(0.45)) continue;
      let value = encode(field, issue, sources);
      if (field.componentType === 'TEXT_INTEGER' && !unparsablePlaced) {
        value = UNPARSABLE_INTEGER;
        unparsablePlaced = true;
      }
      values.push([field.id, value]);
    }
    return { ...issue, customFields: values.sort((a, b) => a[0] - b[0]) };
  });
}

/** The ValueString Coding would hold for a value of this field. */
export function encode(field: FieldDefinition, issue: IssueRecord, { rng, users, memberIds }: ValueSources): string {
  const optionValues = field.options.map((o) => o.value);
  const member = (): Record<string, unknown> => userObject(users.get(rng.pick(memberIds)));
  const day = issue.createdAt + rng.int(0, 60) * DAY_MS;
  switch (field.componentType) {
    case 'TEXT_SINGLE_LINE':
      return rng.pick(CUSTOMERS);
    case 'TEXT_MULTI_LINE':
      return rng.sample(ACCEPTANCE_CRITERIA, rng.int(1, 3)).map((line, i) => `${i + 1}. ${line}`).join('\n');
    case 'SELECT_SINGLE':
    case 'RADIO':
      return rng.pick(optionValues);
    case 'SELECT_MULTI':
    case 'CHECKBOX':
      return JSON.stringify(rng.sample(optionValues, rng.int(1, Math.min(3, optionValues.length))));
    case 'SELECT_MEMBER_SINGLE':
      return JSON.stringify(member());
    case 'SELECT_MEMBER_MULTI':
      return JSON.stringify(rng.sample(memberIds, rng.int(1, 3)).map((id) => userObject(users.get(id))));
    case 'TEXT_DATE': {
      const date = shanghaiDate(day);
      const encoding = rng.weighted<'date' | 'ms' | 'datetime'>([['date', 7], ['ms', 2], ['datetime', 1]]);
      return encoding === 'date' ? date : encoding === 'ms' ? String(Date.parse(`${date}T00:00:00+08:00`)) : `${date} 00:00:00`;
    }
    case 'TEXT_DATETIME': {
      const at = Math.floor(day / 60_000) * 60_000 + rng.int(0, 23) * 3_600_000;
      return rng.chance(0.6) ? shanghaiDateTime(at) : String(at);
    }
    case 'TEXT_INTEGER':
      return String(rng.int(1, 500) * 10);
    case 'TEXT_DECIMAL':
      return (rng.int(1, 80) / 4).toString();
    case 'SELECT_ITERATION_SINGLE':
      return '';
  }
}

/** The user object member fields hold, as JSON. */
export function userObject(u: UserRecord | undefined): Record<string, unknown> {
  return {
    Id: u?.id ?? 0,
    Status: u?.status ?? 0,
    Avatar: u?.avatar ?? '',
    Name: u?.name ?? '',
    Email: u?.email ?? '',
    TeamId: 0,
    Phone: '',
    GlobalKey: u?.globalKey ?? '',
    TeamGlobalKey: '',
  };
}

/** `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai. */
export function shanghaiDateTime(epochMs: number): string {
  return new Date(epochMs + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
