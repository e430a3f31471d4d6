import { resolveConfig } from '../config/resolve-config.js';
import { ConfigError } from '../errors.js';
import { readJsonFile } from '../protocol/input-files.js';
import { message } from '../protocol/messages.js';
import type { ProtocolWriter } from '../protocol/writer.js';
import { jsonLogLine } from '../webhooks/json-log.js';
import type { WebhookLog } from '../webhooks/log.js';
import type { ReceiverLimits } from '../webhooks/receiver/receiver-limits.js';
import { runWebhookReceiver } from '../webhooks/serve-process.js';
import type { ExitCode } from './commands.js';
import { secretsIn } from '../config/secrets.js';

export interface ServeWebhooksArgs {
  configPath: string;
  host: string;
  port: number;
  opsPort?: number;
  logFormat: 'protocol' | 'json';
  limits: Partial<ReceiverLimits>;
}

/**
 * `source-coding serve-webhooks`: the long-running receiver Coding's Service Hooks post to. It reads the
 * connector's own config file (webhook_secret, webhook_store...) so one file serves both. Its log lines
 * are protocol LOG messages, like everything else this executable prints, or with `--log-format json`
 * one JSON object per line for log collectors; a failure to start is one TRACE error either way.
 */
export async function serveWebhooksCommand(writer: ProtocolWriter, args: ServeWebhooksArgs): Promise<ExitCode> {
  const raw = await readJsonFile(args.configPath, 'config');
  writer.redact(...secretsIn(raw));
  const settings = resolveConfig(raw);
  writer.redact(...settings.secrets);
  const { store, secret, allowUnsigned, retention } = settings.webhook;
  if (!store) throw new ConfigError('webhook_store is required to run the receiver: a directory (a mounted volume) or a redis:// URL shared with the syncs.');
  const log: WebhookLog =
    args.logFormat === 'json'
      ? (level, text, context) => void process.stdout.write(`${writer.mask(jsonLogLine(level, text, context))}\n`)
      : (level, text) => void writer.write(message.log(level, text));
  return new Promise<ExitCode>((resolve, reject) => {
    runWebhookReceiver(
      {
        host: args.host,
        port: args.port,
        opsPort: args.opsPort,
        storeLocation: store,
        retention,
        secret: secret && secret.length > 0 ? secret : null,
        allowUnsigned,
        limits: args.limits,
        log,
      },
      { exit: resolve },
    ).catch(reject);
  });
}
