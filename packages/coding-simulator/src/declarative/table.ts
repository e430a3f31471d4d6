/**
 * Tables: the rows the simulator answers from. A table is declared once with its key and the
 * generator that seeds it; the store keeps one set of rows per table and scope (the team, or one
 * project). Each generator draws from its own PRNG stream, derived from the seed, the table's
 * name and the project, so adding a table (or growing one) never changes another table's rows.
 */
import type { DatasetSize } from '../dataset.js';
import type { Dataset, ProjectRecord } from '../model.js';
import { Prng } from '../prng.js';

export type TableScope = 'team' | 'project';

export interface SeedContext {
  readonly seed: number;
  readonly teamDomain: string;
  readonly size: DatasetSize;
  /** This table's own stream (seed + table name [+ project]). */
  readonly rng: Prng;
  /** The rows a team table was seeded with; it must be listed in `uses`. */
  team<R>(table: TableDef<R, unknown, 'team'>): readonly R[];
  /**
   * The tables seeded before tables had streams of their own: they share one stream per project
   * and are kept that way so existing seeds stay byte-identical. New tables must not draw from it.
   */
  legacy(): Dataset;
}

export interface ProjectSeedContext extends SeedContext {
  readonly project: ProjectRecord;
  /** 0-based position of the project in the team. */
  readonly index: number;
  /** The rows a table of the same project was seeded with; it must be listed in `uses`. */
  sibling<R>(table: TableDef<R, unknown, 'project'>): readonly R[];
}

export interface TableDef<Row, Key, S extends TableScope = TableScope> {
  readonly name: string;
  readonly scope: S;
  /** The primary key: unique within one scope, used for lookups and for replacing a row. */
  readonly key: (row: Row) => Key;
  /** Tables whose seeded rows the generator reads; they are seeded first. */
  readonly uses: readonly AnyTable[];
  readonly generate: (ctx: S extends 'project' ? ProjectSeedContext : SeedContext) => readonly Row[];
}

/** A table in a mixed list (registries, `uses`): row and key types differ and are invariant, hence any. */
export type AnyTable = TableDef<any, any>;

interface TableSpec<Row, Key, S extends TableScope> {
  name: string;
  key: (row: Row) => Key;
  uses?: readonly AnyTable[];
  generate: (ctx: S extends 'project' ? ProjectSeedContext : SeedContext) => readonly Row[];
}

export function teamTable<Row, Key>(spec: TableSpec<Row, Key, 'team'>): TableDef<Row, Key, 'team'> {
  return { ...spec, scope: 'team', uses: spec.uses ?? [] };
}

export function projectTable<Row, Key>(spec: TableSpec<Row, Key, 'project'>): TableDef<Row, Key, 'project'> {
  return { ...spec, scope: 'project', uses: spec.uses ?? [] };
}

/** The stream of one table in one scope: independent of every other table's. */
export function tableStream(seed: number, table: string, projectIndex?: number): Prng {
  return projectIndex === undefined ? Prng.derive(seed, fnv1a(table)) : Prng.derive(seed, fnv1a(table), projectIndex + 1);
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

/** What readers see of a table's rows. */
export interface ReadonlyRows<Row, Key> {
  readonly size: number;
  get(key: Key): Row | undefined;
  has(key: Key): boolean;
  /** In insertion order; a replaced row keeps its place. */
  values(): IterableIterator<Row>;
  keys(): IterableIterator<Key>;
}

/** The rows of one table in one scope, by key. Only the store changes them. */
export class TableRows<Row, Key> implements ReadonlyRows<Row, Key> {
  private readonly byKey = new Map<Key, Row>();

  constructor(
    private readonly keyOf: (row: Row) => Key,
    rows: Iterable<Row>,
  ) {
    for (const row of rows) this.byKey.set(keyOf(row), row);
  }

  get size(): number {
    return this.byKey.size;
  }

  get(key: Key): Row | undefined {
    return this.byKey.get(key);
  }

  has(key: Key): boolean {
    return this.byKey.has(key);
  }

  values(): IterableIterator<Row> {
    return this.byKey.values();
  }

  keys(): IterableIterator<Key> {
    return this.byKey.keys();
  }

  put(row: Row): void {
    this.byKey.set(this.keyOf(row), row);
  }

  delete(key: Key): boolean {
    return this.byKey.delete(key);
  }
}

/**
 * One scope's tables, plus a version that every change bumps so values derived from the rows
 * (sorted orders, counts) are recomputed only after a change.
 */
export class TableScopeState {
  version = 0;
  private readonly tables = new Map<string, TableRows<unknown, unknown>>();
  private readonly cache = new Map<string, { version: number; value: unknown }>();

  constructor(readonly scope: TableScope) {}

  hold<R, K>(table: TableDef<R, K>, rows: readonly R[]): void {
    this.tables.set(table.name, new TableRows<R, K>(table.key, rows) as TableRows<unknown, unknown>);
  }

  rows<R, K>(table: TableDef<R, K>): TableRows<R, K> {
    const rows = this.tables.get(table.name);
    if (!rows) throw new Error(`the ${this.scope} table ${table.name} was never seeded`);
    return rows as TableRows<R, K>;
  }

  /** A value computed from this scope's rows, recomputed only after they change. */
  derived<T>(key: string, compute: () => T): T {
    const hit = this.cache.get(key);
    if (hit && hit.version === this.version) return hit.value as T;
    const value = compute();
    this.cache.set(key, { version: this.version, value });
    return value;
  }
}
