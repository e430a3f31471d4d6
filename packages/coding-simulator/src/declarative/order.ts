/**
 * Declared orders. A sorted order is computed once per scope version and reused by every page
 * until the rows change, so a page costs one filter pass, not a sort of the whole table.
 */
import type { TableScopeState } from './table.js';

export type Direction = 'ASC' | 'DESC';

export interface Ordering<Row> {
  /** Names the sort values in the cache (directions are added): one id must always mean one `value` (and `tie.value`) of one table. */
  readonly id: string;
  readonly value: (row: Row) => number;
  readonly direction: Direction;
  /** Breaks ties in its own direction, whatever `direction` is. */
  readonly tie?: { readonly value: (row: Row) => number; readonly direction: Direction };
}

/** The rows of `table` in `ordering`, cached in `scope` until its rows change. */
export function orderedRows<Row>(scope: TableScopeState, tableName: string, rows: Iterable<Row>, ordering: Ordering<Row>): readonly Row[] {
  return scope.derived(`order:${tableName}:${ordering.id}:${ordering.direction}:${ordering.tie?.direction ?? ''}`, () => {
    const all = [...rows];
    // Keys are computed once per row, not once per comparison.
    const keys = Float64Array.from(all, ordering.value);
    const ties = ordering.tie ? Float64Array.from(all, ordering.tie.value) : undefined;
    const sign = ordering.direction === 'ASC' ? 1 : -1;
    const tieSign = ordering.tie?.direction === 'DESC' ? -1 : 1;
    const order = all.map((_, i) => i);
    order.sort((a, b) => {
      const d = ((keys[a] as number) - (keys[b] as number)) * sign;
      return d !== 0 || !ties ? d : ((ties[a] as number) - (ties[b] as number)) * tieSign;
    });
    return order.map((i) => all[i] as Row);
  });
}
