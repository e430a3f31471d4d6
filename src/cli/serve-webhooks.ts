import type { ProtocolWriter } from '../protocol/writer.js';
import type { ExitCode } from './commands.js';
import { ConfigError } from '../errors.js';

export async function serveWebhooksCommand(_writer: ProtocolWriter, _config: string, _host: string, _port: number): Promise<ExitCode> {
  throw new ConfigError('serve-webhooks is not available yet.');
}
