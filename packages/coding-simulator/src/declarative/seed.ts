/**
 * Seeds every table once, at start: team tables first, then each project's tables, each table
 * after the tables it `uses`. Order changes nothing but what a generator can read, because every
 * table draws from its own stream.
 */
import type { DatasetSize } from '../dataset.js';
import type { Dataset, ProjectRecord } from '../model.js';
import { tableStream, type AnyTable, type ProjectSeedContext, type SeedContext, type TableDef } from './table.js';

export interface SeededTables {
  team: Map<AnyTable, readonly unknown[]>;
  projects: Array<{ record: ProjectRecord; tables: Map<AnyTable, readonly unknown[]> }>;
}

export interface SeedOptions {
  seed: number;
  teamDomain: string;
  size: DatasetSize;
  /** Every table to seed; the tables they use are added. */
  tables: readonly AnyTable[];
  /** The team table whose rows are the projects. */
  projects: TableDef<ProjectRecord, number, 'team'>;
  legacy: () => Dataset;
}

export function seedTables(options: SeedOptions): SeededTables {
  const ordered = inDependencyOrder([options.projects, ...options.tables]);
  const team = new Map<AnyTable, readonly unknown[]>();
  const base = { seed: options.seed, teamDomain: options.teamDomain, size: options.size, legacy: options.legacy };
  const teamRows = <R>(from: AnyTable, table: TableDef<R, unknown, 'team'>): readonly R[] => {
    const rows = team.get(table);
    if (!rows || !from.uses.includes(table)) throw new Error(`table ${from.name} reads ${table.name} without listing it in uses`);
    return rows as readonly R[];
  };

  for (const table of ordered.filter((t) => t.scope === 'team')) {
    const ctx: SeedContext = { ...base, rng: tableStream(options.seed, table.name), team: (t) => teamRows(table, t) };
    team.set(table, (table as TableDef<unknown, unknown, 'team'>).generate(ctx));
  }

  const records = (team.get(options.projects) ?? []) as readonly ProjectRecord[];
  const projects = records.map((record, index) => {
    const tables = new Map<AnyTable, readonly unknown[]>();
    for (const table of ordered.filter((t) => t.scope === 'project')) {
      const ctx: ProjectSeedContext = {
        ...base,
        rng: tableStream(options.seed, table.name, index),
        team: (t) => teamRows(table, t),
        project: record,
        index,
        sibling: <R>(t: TableDef<R, unknown, 'project'>): readonly R[] => {
          const rows = tables.get(t);
          if (!rows || !table.uses.includes(t)) throw new Error(`table ${table.name} reads ${t.name} without listing it in uses`);
          return rows as readonly R[];
        },
      };
      tables.set(table, (table as TableDef<unknown, unknown, 'project'>).generate(ctx));
    }
    return { record, tables };
  });
  return { team, projects };
}

/** Each table after the tables it uses; one table per name. */
function inDependencyOrder(roots: readonly AnyTable[]): AnyTable[] {
  const ordered: AnyTable[] = [];
  const byName = new Map<string, AnyTable>();
  const visiting = new Set<AnyTable>();
  const visit = (table: AnyTable): void => {
    const known = byName.get(table.name);
    if (known === table) return;
    if (known) throw new Error(`two tables are named ${table.name}`);
    if (visiting.has(table)) throw new Error(`table ${table.name} uses itself`);
    visiting.add(table);
    for (const used of table.uses) {
      if (table.scope === 'team' && used.scope === 'project') throw new Error(`team table ${table.name} cannot use project table ${used.name}`);
      visit(used);
    }
    visiting.delete(table);
    byName.set(table.name, table);
    ordered.push(table);
  };
  for (const table of roots) visit(table);
  return ordered;
}
