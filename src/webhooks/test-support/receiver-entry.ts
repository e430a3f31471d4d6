/**
 * The receiver as its own process, for the crash test and the benchmark (the CLI's stand-in).
 * Usage: node --import tsx receiver-entry.ts '<WebhookProcessOptions as JSON, without log>'
 * Prints "LISTENING <url>[ OPS <ops url>]" on stdout once it accepts deliveries; logs go to stderr.
 */
import { runWebhookReceiver, type WebhookProcessOptions } from '../serve-process.js';

const json = process.argv[2];
if (json === undefined) throw new Error('usage: receiver-entry.ts <options JSON>');
const options = JSON.parse(json) as Omit<WebhookProcessOptions, 'log'>;
await runWebhookReceiver(
  { ...options, log: (level, message) => process.stderr.write(`${level} ${message}\n`) },
  { onListening: (url, opsUrl) => process.stdout.write(`LISTENING ${url}${opsUrl === null ? '' : ` OPS ${opsUrl}`}\n`) },
);
