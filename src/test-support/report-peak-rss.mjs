// Preloaded with --import into a child process: reports its peak resident set size on exit, so a test
// can bound the memory a run needed without sampling it.
process.on('exit', () => {
  process.stderr.write(`\npeak-rss-kib ${process.resourceUsage().maxRSS}\n`);
});
