import { resolveConfig } from '../config/resolve-config.js';
import { ConfigError } from '../errors.js';
import { readJsonFile } from '../protocol/input-files.js';
import { message } from '../protocol/messages.js';
import type { ProtocolWriter } from '../protocol/writer.js';
import { runWebhookReceiver } from '../webhooks/serve-process.js';
import type { ExitCode } from './commands.js';
import { secretsIn } from '../config/secrets.js';

/**
 * `source-coding serve-webhooks`: the long-running receiver Coding's Service Hooks post to. It reads the
 * connector's own config file (webhook_secret, webhook_store...) so one file serves both. Its log lines
 * are protocol LOG messages, like everything else this executable prints.
 */
export async function serveWebhooksCommand(writer: ProtocolWriter, configPath: string, host: string, port: number): Promise<ExitCode> {
  const raw = await readJsonFile(configPath, 'config');
  writer.redact(...secretsIn(raw));
  const settings = resolveConfig(raw);
  writer.redact(...settings.secrets);
  const { store, secret, allowUnsigned, retention } = settings.webhook;
  if (!store) throw new ConfigError('webhook_store is required to run the receiver: a directory (a mounted volume) or a redis:// URL shared with the syncs.');
  return new Promise<ExitCode>((resolve, reject) => {
    runWebhookReceiver(
      {
        host,
        port,
        storeLocation: store,
        retention,
        secret: secret && secret.length > 0 ? secret : null,
        allowUnsigned,
        log: (level, text) => void writer.write(message.log(level, text)),
      },
      { exit: resolve },
    ).catch(reject);
  });
}
