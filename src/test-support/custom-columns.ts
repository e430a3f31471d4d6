/**
 * An issue record without its typed custom-field columns (custom_field_<Id>), for tests that compare
 * issues with the simulator's items field for field; the columns have their own tests
 * (src/streams/custom-fields/typed-columns.test.ts).
 */
export function withoutCustomFieldColumns<T extends Record<string, unknown>>(data: T): T {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !key.startsWith('custom_field_'))) as T;
}
