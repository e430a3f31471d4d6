import type { FileHandle } from 'node:fs/promises';
import { nodeFileIo, type LogFileIo } from '../store/file/log-file-io.js';

export type DiskFault = 'full' | 'read-only' | null;

export interface FaultyDisk {
  /** Hand this to the file store (its `io` option). */
  io: LogFileIo;
  set(fault: DiskFault): void;
}

/**
 * The file store's disk, failing on demand as a real one does: full, a write gets part of its bytes
 * down and then ENOSPC; read-only (remounted after an error), opening for writing and writing fail
 * with EROFS. Handles opened before the fault fail too, as they do on a real disk.
 */
export function faultyDisk(): FaultyDisk {
  let fault: DiskFault = null;
  const failure = (code: string, syscall: string): NodeJS.ErrnoException =>
    Object.assign(new Error(`${code}: injected ${fault} disk, ${syscall}`), { code, syscall });
  const wrap = (handle: FileHandle): FileHandle =>
    new Proxy(handle, {
      get(target, property) {
        if (property === 'write') {
          return async (buffer: Buffer, offset: number, length: number, position: number) => {
            if (fault === 'read-only') throw failure('EROFS', 'write');
            if (fault === 'full') {
              const part = Math.floor(length / 2);
              if (part > 0) await target.write(buffer, offset, part, position);
              throw failure('ENOSPC', 'write');
            }
            return target.write(buffer, offset, length, position);
          };
        }
        if (property === 'datasync' || property === 'sync') {
          return async () => {
            if (fault === 'read-only') throw failure('EROFS', String(property));
            return target[property]();
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return {
    io: {
      async open(path, flags) {
        if (fault === 'read-only' && flags !== 'r') throw failure('EROFS', 'open');
        return wrap(await nodeFileIo.open(path, flags));
      },
    },
    set(next) {
      fault = next;
    },
  };
}
