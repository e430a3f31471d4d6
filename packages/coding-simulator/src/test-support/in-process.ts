/** The declarative machinery without HTTP: a seeded store and requests built in-process. */
import { ALL_SCOPES, type Caller } from '../auth.js';
import { DEFAULT_DATASET_SIZE, type DatasetSize } from '../dataset.js';
import type { ActionRequest } from '../declarative/action.js';
import { RequestParams } from '../declarative/params.js';
import type { AnyTable } from '../declarative/table.js';
import { seededStore } from '../seeded-store.js';
import type { Store } from '../store.js';
import { Views } from '../views.js';

export interface InProcess {
  store: Store;
  views: Views;
  request(params?: Record<string, unknown>): ActionRequest;
}

export function inProcess(options: { seed?: number; size?: Partial<DatasetSize>; extraTables?: readonly AnyTable[] } = {}): InProcess {
  const store = seededStore({
    seed: options.seed ?? 42,
    team: 'acme',
    size: { ...DEFAULT_DATASET_SIZE, ...options.size },
    now: () => Date.UTC(2025, 0, 1),
    extraTables: options.extraTables ?? [],
  });
  const views = new Views(store);
  const caller: Caller = { token: 'in-process', kind: 'personal', userId: store.owner.id, scopes: new Set(ALL_SCOPES) };
  return { store, views, request: (params = {}) => ({ params: new RequestParams(params), caller, store, views, tieOrder: 'code-asc' }) };
}
