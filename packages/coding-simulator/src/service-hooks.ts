/**
 * Outgoing Service Hook deliveries. Sending never blocks the mutation that caused it; deliveries
 * go out one after another in the order of the changes; each delivery is recorded with the HTTP status it got (or 'error'), and `settled()` lets a test wait
 * for the ones already sent. Headers follow reference §4.1; the signature is
 * `sha1=<hex HMAC-SHA1(secret, raw body)>` in X-Coding-Signature.
 */
import { createHmac, randomUUID } from 'node:crypto';
import http, { type ClientRequest } from 'node:http';
import https from 'node:https';

export interface HookTarget {
  url: string;
  secret?: string;
}

export interface DeliveryRecord {
  deliveryId: string;
  event: string;
  status: number | 'error';
}

/** Coding documents a 5 s timeout for its webhooks. */
const DELIVERY_TIMEOUT_MS = 5000;

export class ServiceHookSender {
  private readonly sent: Array<{ deliveryId: string; event: string; status: number | 'error' | undefined }> = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly requests = new Set<ClientRequest>();
  private tail: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly target: HookTarget,
    /** The configured hook's id, the same on every delivery. */
    private readonly hookId: string,
  ) {}

  /** Starts a delivery; the returned promise settles when it has been answered (it never rejects). */
  deliver(event: string, body: unknown): Promise<void> {
    const deliveryId = randomUUID();
    const entry: { deliveryId: string; event: string; status: number | 'error' | undefined } = { deliveryId, event, status: undefined };
    this.sent.push(entry);
    const raw = Buffer.from(JSON.stringify(body), 'utf8');
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Content-Length': String(raw.length),
      'User-Agent': 'Coding.net Hook',
      'X-Coding-Service-Hook-Event': event,
      'X-Coding-Service-Hook-Id': this.hookId,
      'X-Coding-Service-Hook-Action': 'webhook_http_post',
      'X-Coding-Delivery': deliveryId,
    };
    if (this.target.secret) {
      headers['X-Coding-Signature'] = `sha1=${createHmac('sha1', this.target.secret).update(raw).digest('hex')}`;
    }
    // One at a time, in order: receivers (and tests) see events in the order they happened.
    const done = this.tail.then(() => this.post(raw, headers)).then((status) => {
      entry.status = status;
    });
    this.tail = done;
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
    return done;
  }

  /** Answered deliveries, in the order they were sent. */
  deliveries(): DeliveryRecord[] {
    return this.sent.flatMap((d) => (d.status === undefined ? [] : [{ deliveryId: d.deliveryId, event: d.event, status: d.status }]));
  }

  async settled(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  /** Abandons deliveries under way or queued (they are recorded as 'error'). */
  close(): void {
    this.closed = true;
    for (const req of this.requests) req.destroy();
  }

  private post(raw: Buffer, headers: Record<string, string>): Promise<number | 'error'> {
    if (this.closed) return Promise.resolve('error');
    return new Promise((resolve) => {
      let url: URL;
      try {
        url = new URL(this.target.url);
      } catch {
        resolve('error');
        return;
      }
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(url, { method: 'POST', headers, timeout: DELIVERY_TIMEOUT_MS }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 'error'));
        res.on('error', () => resolve('error'));
      });
      this.requests.add(req);
      req.on('close', () => this.requests.delete(req));
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve('error'));
      req.end(raw);
    });
  }
}
