#!/usr/bin/env node
// The handlers come before the connector is loaded: even a failure while loading it must end as one
// TRACE error on stdout and a non-zero exit, never as a bare stack trace.
function fallback(error: unknown): void {
  const internal = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(`${error instanceof Error && error.stack ? error.stack : internal}\n`);
  const trace = {
    type: 'TRACE',
    trace: { type: 'ERROR', emitted_at: Date.now(), error: { message: 'The connector failed to start; this is a bug, please report it with the log.', internal_message: internal, failure_type: 'system_error' } },
  };
  process.stdout.write(`${JSON.stringify(trace)}\n`, () => process.exit(1));
}
process.once('uncaughtException', fallback);
process.once('unhandledRejection', fallback);

try {
  const { runCli } = await import('./run-cli.js');
  process.removeListener('uncaughtException', fallback);
  process.removeListener('unhandledRejection', fallback);
  await runCli(process.argv.slice(2));
} catch (error) {
  fallback(error);
}
