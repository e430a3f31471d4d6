import { open, type FileHandle } from 'node:fs/promises';

/**
 * How the writer opens the files it writes (segments, the write probe). It is a seam: a test can hand
 * out handles whose writes fail as on a full or read-only disk, which CI cannot make for real (it runs
 * as root, for whom no permission bit makes a directory read-only, and cannot mount a small disk).
 */
export interface LogFileIo {
  open(path: string, flags: string): Promise<FileHandle>;
}

export const nodeFileIo: LogFileIo = { open: (path, flags) => open(path, flags) };
