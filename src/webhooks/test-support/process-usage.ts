import { readdir, readFile } from 'node:fs/promises';

export interface ProcessUsage {
  rssBytes: number;
  openFds: number;
}

/** Resident memory and open descriptors of a process, from /proc (Linux: where CI runs). */
export async function processUsage(pid: number): Promise<ProcessUsage> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  if (!Number.isFinite(rssKb)) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return { rssBytes: rssKb * 1024, openFds: (await readdir(`/proc/${pid}/fd`)).length };
}

/** Samples a process's usage until stopped and keeps the highest of each figure. */
export function samplePeakUsage(pid: number, everyMs = 50): { stop(): Promise<ProcessUsage> } {
  const peak: ProcessUsage = { rssBytes: 0, openFds: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const now = await processUsage(pid).catch(() => null);
      if (now !== null) {
        peak.rssBytes = Math.max(peak.rssBytes, now.rssBytes);
        peak.openFds = Math.max(peak.openFds, now.openFds);
      }
      await new Promise((done) => setTimeout(done, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}

export const MiB = 1024 * 1024;
