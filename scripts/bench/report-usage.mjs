// Preloaded into every measured child of the benchmark (node --import): reports the process's peak
// resident memory and CPU time (user, system) on stderr as it exits, whatever makes it exit. Node
// cannot read a child's rusage from outside, so the child reports its own.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(2, `\nbench:usage ${JSON.stringify({ maxRssKb: usage.maxRSS, userUs: usage.userCPUTime, systemUs: usage.systemCPUTime })}\n`);
});
