// Preloaded into the connector by the benchmark (node --import): reports the process's peak resident
// memory on stderr as it exits, whatever makes it exit.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nbench:max-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
