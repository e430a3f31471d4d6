import { request, type Agent } from 'node:http';
import { signBody } from '../receiver/signature.js';

export interface DeliveryAnswer {
  status: number;
  body: { status?: string; reason?: string; [key: string]: unknown };
}

export interface PostOptions {
  /** Signs the body with it; null or omitted: no signature header. */
  secret?: string | null;
  event?: string;
  deliveryId?: string;
  headers?: Record<string, string>;
  method?: string;
  path?: string;
  agent?: Agent;
  /** Send without Content-Length (chunked), as a streaming client would. */
  chunked?: boolean;
}

/** Posts a delivery as Coding does (signature over the raw bytes) and reads the JSON answer. */
export function postDelivery(baseUrl: string, body: string | Buffer, options: PostOptions = {}): Promise<DeliveryAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.secret) headers['x-coding-signature'] = signBody(options.secret, body);
  if (options.event !== undefined) headers['x-coding-service-hook-event'] = options.event;
  if (options.deliveryId !== undefined) headers['x-coding-delivery'] = options.deliveryId;
  if (!options.chunked) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${options.path ?? '/webhooks/coding'}`, { method: options.method ?? 'POST', headers, agent: options.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, body: text === '' ? {} : (JSON.parse(text) as DeliveryAnswer['body']) });
      });
      res.on('error', reject);
    });
    // The receiver may answer (413) and hang up before it read everything we send.
    req.on('error', (error) => reject(error));
    if (options.method === 'GET' || options.method === 'HEAD') req.end();
    else req.end(body);
  });
}
