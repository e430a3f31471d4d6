import type { Writable } from 'node:stream';
import type { Argv, Options } from 'yargs';
import { ConnectorError, failureTypeOf } from '../errors.js';
import { message } from '../protocol/messages.js';
import { ProtocolWriter } from '../protocol/writer.js';
import { packageVersion } from '../config/package-files.js';
import { checkPort, DEFAULT_LIMITS, LIMIT_FLAGS, type ReceiverLimits } from '../webhooks/receiver/receiver-limits.js';
import type { ExitCode } from './commands.js';

/** Where a command run writes: protocol messages to `stdout`, everything meant for a person to `stderr`. */
export interface CliStreams {
  stdout: Writable;
  stderr: Writable;
}

/**
 * The executable. Whatever happens, stdout carries only protocol messages: usage errors, bad files and
 * crashes all end as one TRACE error there (the details a person needs go to stderr), and the exit code
 * tells the platform whether the run succeeded.
 */
export async function runCli(argv: string[]): Promise<void> {
  const writer = new ProtocolWriter(process.stdout);
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // The reader went away (e.g. `| head`): nothing more can be said to it.
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  const fatal = async (error: unknown) => {
    await report(writer, process.stderr, error);
    await finish(writer, 1);
  };
  process.on('uncaughtException', (error) => void fatal(error));
  process.on('unhandledRejection', (error) => void fatal(error));
  // Node as a container's main process ignores SIGTERM unless told otherwise, so `docker stop` or a
  // cancelled Airbyte sync would wait for the kill. Stopping at any point is safe: destinations commit
  // only up to the last STATE, which is where the next sync resumes. The receiver drains on its own.
  if (argv[0] !== 'serve-webhooks') {
    for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
      process.once(signal, () => {
        void writer
          .write(message.log('WARN', `Stopped by ${signal}; the next sync resumes from the last checkpoint.`))
          .catch(() => undefined)
          .finally(() => void finish(writer, code));
      });
    }
  }
  await finish(writer, await runWith(writer, process.stderr, argv));
}

/**
 * One command run without the process around it (no exit, no signal handlers): what `runCli` does
 * between start and exit. Tests call it with in-memory streams to try many inputs without paying for
 * a process each.
 */
export async function runCommand(argv: string[], streams: CliStreams): Promise<ExitCode> {
  const writer = new ProtocolWriter(streams.stdout);
  const code = await runWith(writer, streams.stderr, argv);
  await writer.flush().catch(() => undefined);
  return code;
}

async function runWith(writer: ProtocolWriter, stderr: Writable, argv: string[]): Promise<ExitCode> {
  try {
    return await dispatch(writer, stderr, argv);
  } catch (error) {
    await report(writer, stderr, error);
    return 1;
  }
}

async function dispatch(writer: ProtocolWriter, stderr: Writable, argv: string[]): Promise<ExitCode> {
  // `spec` takes no option: answered without loading the argument parser, the heaviest module it
  // would otherwise need (Airbyte runs spec often, and waits for it).
  if (argv.length === 1 && argv[0] === 'spec') return (await import('./spec-command.js')).specCommand(writer);
  const { default: yargs } = await import('yargs');
  let outcome: Promise<ExitCode> | undefined;
  const parser: Argv = yargs(argv)
    .scriptName('source-coding')
    .usage('$0 <command> [options]\n\nAirbyte source for Coding (coding.net). Writes Airbyte protocol messages to stdout, one JSON object per line.')
    .command('spec', 'Print the connector specification (the config fields).', {}, () => {
      // Each command loads only what it uses: `spec` needs neither the client nor the engine.
      outcome = import('./spec-command.js').then((m) => m.specCommand(writer));
    })
    .command('check', 'Check that the config can connect: token, projects, scopes.', (y) => y.option('config', configOption), (args) => {
      outcome = import('./commands.js').then((m) => m.checkCommand(writer, args.config));
    })
    .command('discover', 'List the streams and their schemas.', (y) => y.option('config', configOption), (args) => {
      outcome = import('./commands.js').then((m) => m.discoverCommand(writer, args.config));
    })
    .command(
      'read',
      'Read the streams of a configured catalog, from the given state.',
      (y) =>
        y
          .option('config', configOption)
          .option('catalog', { type: 'string', demandOption: true, describe: 'Path to the ConfiguredAirbyteCatalog JSON file.' })
          .option('state', { type: 'string', describe: 'Path to the state JSON file (the array of STATE messages of the previous sync).' }),
      (args) => {
        outcome = import('./commands.js').then((m) => m.readCommand(writer, args.config, args.catalog, args.state));
      },
    )
    .command(
      'serve-webhooks',
      'Run the receiver that Coding Service Hooks post to (webhook mode).',
      (y) =>
        withLimitOptions(
          y
            .option('config', configOption)
            .option('host', { type: 'string', default: '0.0.0.0', describe: 'Address to listen on.' })
            .option('port', { type: 'number', default: 8080, describe: 'Port to listen on.', coerce: (value: number) => checkPort(value, 'port') })
            .option('ops-port', { type: 'number', describe: 'A second port that serves only /healthz, /readyz and /metrics (for probes and scrapes).', coerce: portFlag('ops-port') })
            .option('log-format', { choices: ['protocol', 'json'] as const, default: 'protocol' as const, describe: 'protocol: Airbyte LOG messages; json: one {time, level, message, delivery_id} object per line.' }),
        ),
      (args) => {
        const limits: Partial<ReceiverLimits> = {};
        for (const [key, flag] of Object.entries(LIMIT_FLAGS) as Array<[keyof ReceiverLimits, string]>) {
          const value = (args as Record<string, unknown>)[flag];
          if (typeof value === 'number') limits[key] = value;
        }
        outcome = import('./serve-webhooks.js').then((m) =>
          m.serveWebhooksCommand(writer, { configPath: args.config, host: args.host, port: args.port, opsPort: args['ops-port'], logFormat: args['log-format'], limits }),
        );
      },
    )
    .demandCommand(1, 'Name a command: spec, check, discover, read or serve-webhooks.')
    .strict()
    .version(packageVersion())
    .help()
    .alias('h', 'help')
    .wrap(Math.min(100, process.stderr.columns || 100))
    .fail((msg, err) => {
      throw new UsageError(msg || err?.message || 'invalid arguments');
    })
    .exitProcess(false);
  // With a callback, yargs hands over what it would print (help, version) instead of printing it to
  // stdout, where only protocol messages may go.
  let printed = '';
  try {
    await parser.parseAsync(argv, {}, (_error: Error | undefined, _args: unknown, output: string) => {
      printed = output;
    });
  } catch (error) {
    if (error instanceof UsageError) {
      stderr.write(`${await parser.getHelp()}\n\n${error.message}\n`);
      await writer.write(message.error(`Invalid command line: ${error.message.replace(/\.?$/, ".")} Run source-coding --help for usage.`, 'config_error'));
      return 2;
    }
    throw error;
  }
  if (printed) stderr.write(`${printed}\n`);
  // --help and --version print and run nothing.
  return outcome ? await outcome : 0;
}

const configOption = { type: 'string', demandOption: true, describe: 'Path to the config JSON file.' } as const;

/** Checked while parsing, so that a bad value is a usage error before anything is opened. */
function portFlag(flag: string): (value: number | undefined) => number | undefined {
  return (value) => (value === undefined ? undefined : checkPort(value, flag));
}

const LIMIT_HELP: Record<keyof ReceiverLimits, string> = {
  maxBodyBytes: 'Largest delivery body; larger ones get 413.',
  maxBufferedBytes: 'Bytes of bodies held in memory at once; a body that does not fit gets 503 with Retry-After.',
  maxConnections: 'Open connections; one more gets 503 with Retry-After and is closed.',
  headersTimeoutMs: 'Time allowed to send a request\'s headers (idle new connections are closed after it too).',
  requestTimeoutMs: 'Time allowed to send a whole request, body included.',
  keepAliveTimeoutMs: 'How long an idle keep-alive connection stays open.',
  storeTimeoutMs: 'Longest wait for the event store to take an append before answering 503.',
};

/** The receiver's limits as flags, with their defaults, under their own heading in --help. */
function withLimitOptions<T>(y: Argv<T>): Argv<T> {
  let built = y;
  for (const [key, flag] of Object.entries(LIMIT_FLAGS) as Array<[keyof ReceiverLimits, string]>) {
    const option: Options = {
      type: 'number',
      default: DEFAULT_LIMITS[key],
      describe: LIMIT_HELP[key],
      coerce: (value: number) => {
        if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${flag} must be a whole number of at least 1; got ${Number.isNaN(value) ? 'something that is not a number' : String(value)}`);
        return value;
      },
    };
    built = built.option(flag, option) as Argv<T>;
  }
  return built.group([...Object.values(LIMIT_FLAGS)], 'Limits:');
}

class UsageError extends Error {}

async function report(writer: ProtocolWriter, stderr: Writable, error: unknown): Promise<void> {
  const known = error instanceof ConnectorError;
  const text = known ? error.message : 'The connector failed unexpectedly; this is a bug, please report it with the log.';
  const internal = known ? error.internalMessage : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (!known && error instanceof Error && error.stack) stderr.write(`${writer.mask(error.stack)}\n`);
  try {
    await writer.write(message.error(text, failureTypeOf(error), internal === undefined ? {} : { internal }));
  } catch {
    // stdout is gone; the exit code still tells.
  }
}

async function finish(writer: ProtocolWriter, code: number): Promise<never> {
  try {
    await writer.flush();
  } catch {
    // Nothing more to do if stdout is closed.
  }
  process.exit(code);
}
