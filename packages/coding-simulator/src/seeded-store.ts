/** A store seeded with every table the simulator needs: the core tables, the actions' tables, and any extra ones. */
import { actionTables } from './actions/index.js';
import { generateDataset, type DatasetSize } from './dataset.js';
import { seedTables } from './declarative/seed.js';
import type { AnyTable } from './declarative/table.js';
import type { Dataset } from './model.js';
import { Store } from './store.js';
import { CORE_TABLES, PROJECTS } from './tables/legacy-tables.js';

export interface StoreOptions {
  seed: number;
  team: string;
  size: DatasetSize;
  now: () => number;
  /** Tables no registered action reads (tests of the machinery declare their own). */
  extraTables?: readonly AnyTable[];
}

export function seededStore(options: StoreOptions): Store {
  let legacy: Dataset | undefined;
  const legacyDataset = (): Dataset => (legacy ??= generateDataset(options.seed, options.team, options.size));
  const seeded = seedTables({
    seed: options.seed,
    teamDomain: options.team,
    size: options.size,
    tables: [...CORE_TABLES, ...actionTables(), ...(options.extraTables ?? [])],
    projects: PROJECTS,
    legacy: legacyDataset,
  });
  return new Store(seeded, legacyDataset(), options.now);
}
