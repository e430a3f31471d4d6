/**
 * CLI: `npm run simulator -- [--port 8787] [--seed 42] ...`. Prints what a person needs to
 * point the connector at the simulator, then serves until SIGINT/SIGTERM.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { startSimulator, type Simulator, type SimulatorOptions } from './index.js';

export async function main(argv: string[], out: (text: string) => void = (t) => process.stdout.write(t)): Promise<Simulator> {
  const args = await yargs(argv)
    .scriptName('coding-simulator')
    .usage('$0 [options]\n\nA local stand-in for Coding (coding.net) OpenAPI.')
    .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on' })
    .option('port', { type: 'number', default: 8787, describe: 'port to listen on (0 = any free port)' })
    .option('seed', { type: 'number', default: 42, describe: 'dataset seed; the same seed gives the same data' })
    .option('team', { type: 'string', default: 'acme', describe: 'team domain' })
    .option('projects', { type: 'number', describe: 'number of projects (default 3)' })
    .option('issues', { type: 'number', describe: 'issues per project (default 150)' })
    .option('latency', { type: 'number', default: 0, describe: 'milliseconds added to every API answer' })
    .option('rate-limit', { type: 'number', describe: 'requests per second allowed per token' })
    .option('hook-url', { type: 'string', describe: 'Service Hook delivery URL (deliveries on every control mutation)' })
    .option('hook-secret', { type: 'string', describe: 'Service Hook signing secret' })
    .strict()
    .help()
    .parseAsync();

  const options: SimulatorOptions = {
    host: args.host,
    port: args.port,
    seed: args.seed,
    team: args.team,
    latencyMs: args.latency,
    dataset: {
      ...(args.projects === undefined ? {} : { projects: args.projects }),
      ...(args.issues === undefined ? {} : { issuesPerProject: args.issues }),
    },
    rateLimit: args['rate-limit'] === undefined ? null : { requestsPerSecond: args['rate-limit'] },
    serviceHook: args['hook-url'] === undefined ? null : { url: args['hook-url'], ...(args['hook-secret'] ? { secret: args['hook-secret'] } : {}) },
  };
  const sim = await startSimulator(options);
  const config = {
    team_name: sim.team,
    api_url: sim.apiUrl,
    credentials: { auth_type: 'token', access_token: sim.tokens.personal },
  };
  out(
    [
      `Coding simulator listening on ${sim.origin}`,
      `  api_url:        ${sim.apiUrl}`,
      `  team:           ${sim.team}`,
      `  personal token: ${sim.tokens.personal}`,
      `  projects:       ${sim.projectNames().join(', ')}`,
      `  control:        ${sim.origin}/_simulator/ (e.g. GET ${sim.origin}/_simulator/stats)`,
      '',
      'Example connector config:',
      JSON.stringify(config, null, 2),
      '',
    ].join('\n'),
  );
  return sim;
}

function runningAsScript(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (runningAsScript()) {
  main(hideBin(process.argv)).then(
    (sim) => {
      const stop = (): void => {
        sim.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
