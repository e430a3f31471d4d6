import { Agent, request } from 'node:http';
import { signBody } from '../receiver/signature.js';
import { closeAll, holdNearlyCompleteBodies, openRawConnection, type RawConnection } from './raw-connections.js';
import { issueBody, sleep } from './sample-events.js';
import { seededRandom } from '../../test-support/seeded-random.js';

export interface AbuseOptions {
  /** Where deliveries go (the main port). */
  url: string;
  /** Where /healthz is asked (the ops port, or the main one). */
  healthUrl: string;
  secret: string;
  seed: number;
  durationMs: number;
  maxBodyBytes: number;
  idleConnections: number;
  slowClients: number;
  heldBodies: number;
  validDeliveries: number;
  duplicateFlood: number;
}

export interface AbuseReport {
  /** Valid deliveries acknowledged (2xx), by id; each was resent on 503 or a dropped connection, as Coding's resend would. */
  acknowledged: Set<string>;
  validIds: string[];
  duplicateId: string;
  /** Every /healthz answer's status (0: no answer within 5 s). */
  healthStatuses: number[];
  /** The slowest /healthz answer, in ms, as the client saw it (its own load included). */
  slowestHealthMs: number;
  /** Status counts per family of abuse. */
  statuses: Record<string, Record<string, number>>;
  idleOpened: number;
  slowCutOff: number;
}

type Family = 'oversized' | 'malformed' | 'bad-signature' | 'replayed-signature' | 'duplicates' | 'valid' | 'held' | 'idle';

/**
 * Several kinds of bad clients at once against a running receiver, while a well-behaved "Coding"
 * posts valid deliveries (resending those not acknowledged) and a probe asks /healthz: what the
 * abuse test asserts on and the measurement script prints. Every random choice comes from `seed`.
 */
export async function runAbuse(options: AbuseOptions): Promise<AbuseReport> {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const statuses: Record<string, Record<string, number>> = {};
  const count = (family: Family, status: number | string): void => {
    const byStatus = (statuses[family] ??= {});
    byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
  };
  const deadline = Date.now() + options.durationMs;
  const running = (): boolean => Date.now() < deadline;
  const agents: Agent[] = [];
  const agent = (sockets: number): Agent => {
    const created = new Agent({ keepAlive: true, maxSockets: sockets });
    agents.push(created);
    return created;
  };
  const raw: RawConnection[] = [];
  let idleOpened = 0;
  let slowCutOff = 0;

  // Idle connections: opened in waves, each wave topping up to the target as the receiver closes them.
  const idle = (async () => {
    const open = new Set<RawConnection>();
    while (running()) {
      for (const connection of open) if (connection.answer.closed) open.delete(connection);
      while (open.size < options.idleConnections) {
        const connection = openRawConnection(options.url);
        connection.socket.once('close', () => count('idle', connection.answer.status ?? 'closed unanswered'));
        open.add(connection);
        raw.push(connection);
        idleOpened += 1;
      }
      await sleep(1000);
    }
  })();

  // Slow clients: headers one byte at a time, each reopened once the receiver cut it off.
  const slow = Array.from({ length: options.slowClients }, async (_, n) => {
    const head = `POST /webhooks/coding HTTP/1.1\r\nHost: receiver\r\nX-Slow: ${n}\r\nContent-Length: 2\r\n\r\n{}`;
    while (running()) {
      const connection = openRawConnection(options.url);
      raw.push(connection);
      let sent = 0;
      while (running() && !connection.answer.closed && sent < head.length) {
        connection.socket.write(head[sent++]!);
        await sleep(100);
      }
      if (connection.answer.closed && sent < head.length) slowCutOff += 1;
      connection.socket.destroy();
    }
  });

  // Nearly complete bodies with a wrong signature, held open; replaced as the receiver drops them.
  const held = (async () => {
    while (running()) {
      const batch = holdNearlyCompleteBodies(options.url, options.heldBodies, options.maxBodyBytes - 100);
      raw.push(...batch);
      await Promise.race([Promise.all(batch.map((c) => c.settled)), sleep(2000)]);
      for (const connection of batch) count('held', connection.answer.status ?? (connection.answer.closed ? 'closed' : 'open'));
      while (running() && batch.some((c) => !c.answer.closed)) await sleep(200);
      closeAll(batch);
    }
  })();

  const post = (family: Family, body: Buffer | string, headers: Record<string, string>, via: Agent): Promise<number> =>
    new Promise<number>((resolve) => {
      const req = request(`${options.url}/webhooks/coding`, { method: 'POST', agent: via, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      });
      req.on('error', () => resolve(0));
      req.end(body);
    }).then((status) => {
      count(family, status);
      return status;
    });

  const loop = (family: Family, sockets: number, next: () => { body: Buffer | string; headers: Record<string, string> }): Promise<void> => {
    const via = agent(sockets);
    return Promise.all(
      Array.from({ length: sockets }, async () => {
        while (running()) {
          const { body, headers } = next();
          if ((await post(family, body, headers, via)) === 0) await sleep(20);
        }
      }),
    ).then(() => undefined);
  };
  const signed = (body: Buffer | string): Record<string, string> => ({ 'x-coding-signature': signBody(options.secret, body) });

  const oversized = loop('oversized', 2, () => {
    const body = Buffer.alloc(options.maxBodyBytes + 1 + Math.floor(random() * options.maxBodyBytes), 0x7b);
    return random() < 0.5 ? { body, headers: signed(body) } : { body, headers: { ...signed(body), 'transfer-encoding': 'chunked' } };
  });
  const malformedBodies = (): Buffer | string => {
    const valid = issueBody('ISSUE_UPDATED', Math.floor(random() * 1000));
    switch (pick(['bytes', 'truncated', 'array', 'shape', 'not-an-object', 'form'] as const)) {
      case 'bytes':
        return Buffer.from(Array.from({ length: 1 + Math.floor(random() * 2000) }, () => Math.floor(random() * 256)));
      case 'truncated':
        return valid.slice(0, 1 + Math.floor(random() * (valid.length - 2)));
      case 'array':
        return JSON.stringify([JSON.parse(valid)]);
      case 'shape':
        return JSON.stringify({ event: 'ISSUE_UPDATED', project: { name: 'demo' }, issue: { code: pick(['x', -1, null, 1.5, '']) } });
      case 'not-an-object':
        return pick(['"text"', '42', 'null', 'true']);
      case 'form':
        return `notpayload=${encodeURIComponent(valid)}`;
    }
  };
  const malformed = loop('malformed', 2, () => {
    const body = malformedBodies();
    return { body, headers: { ...signed(body), 'x-coding-delivery': `malformed-${Math.floor(random() * 1e9)}` } };
  });
  const badSignature = loop('bad-signature', 2, () => {
    const body = issueBody('ISSUE_DELETED', Math.floor(random() * 1000));
    const signature = random() < 0.5 ? signBody('not-the-secret', body) : `sha1=${'f'.repeat(40)}`;
    return { body, headers: { 'x-coding-signature': signature, 'x-coding-delivery': `forged-${Math.floor(random() * 1e9)}` } };
  });
  // A signature captured from a real delivery, replayed on another body.
  const captured = issueBody('ISSUE_UPDATED', 999_999);
  const replayed = loop('replayed-signature', 2, () => ({
    body: issueBody('ISSUE_DELETED', Math.floor(random() * 1000)),
    headers: { ...signed(captured), 'x-coding-delivery': `replayed-${Math.floor(random() * 1e9)}` },
  }));
  const duplicateId = 'dup-0';
  const duplicateBody = issueBody('ISSUE_CREATED', 424_242);
  let duplicatesSent = 0;
  const duplicates = (async () => {
    const via = agent(4);
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (running() && duplicatesSent < options.duplicateFlood) {
          duplicatesSent += 1;
          await post('duplicates', duplicateBody, { ...signed(duplicateBody), 'x-coding-delivery': duplicateId }, via);
        }
      }),
    );
    // Under load every copy of the flood may be refused (503, over budget): then, as Coding would,
    // the delivery is resent until acknowledged, so that it is stored exactly once in every run.
    for (let status = 0; (status < 200 || status >= 300) && Date.now() < deadline + 30_000; ) {
      status = await post('duplicates', duplicateBody, { ...signed(duplicateBody), 'x-coding-delivery': duplicateId }, via);
      if (status < 200 || status >= 300) await sleep(100 + Math.floor(random() * 200));
    }
  })();

  // Coding: valid deliveries, spread over the abuse, each resent until acknowledged.
  const validIds = Array.from({ length: options.validDeliveries }, (_, i) => `valid-${i}`);
  const acknowledged = new Set<string>();
  const valid = (async () => {
    const via = agent(4);
    const spacing = options.durationMs / options.validDeliveries;
    await Promise.all(
      validIds.map(async (id, i) => {
        await sleep(i * spacing);
        const body = issueBody('ISSUE_UPDATED', i);
        for (let attempt = 0; Date.now() < deadline + 30_000; attempt += 1) {
          const status = await post('valid', body, { ...signed(body), 'x-coding-delivery': id }, via);
          if (status >= 200 && status < 300) {
            acknowledged.add(id);
            return;
          }
          await sleep(100 + Math.floor(random() * 200));
        }
      }),
    );
  })();

  // A probe every 250 ms whether or not the previous one was answered, as Kubernetes probes: how many
  // are asked does not depend on how fast the answers come; each must come within 5 s.
  const healthStatuses: number[] = [];
  let slowestHealthMs = 0;
  const probes: Array<Promise<void>> = [];
  const health = (async () => {
    const via = agent(8);
    while (running()) {
      const asked = performance.now();
      probes.push(
        new Promise<number>((resolve) => {
          const req = request(`${options.healthUrl}/healthz`, { agent: via }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', () => resolve(0));
          req.setTimeout(5000, () => req.destroy());
          req.end();
        }).then((status) => {
          healthStatuses.push(status);
          slowestHealthMs = Math.max(slowestHealthMs, performance.now() - asked);
        }),
      );
      await sleep(250);
    }
    await Promise.all(probes);
  })();

  try {
    await Promise.all([idle, ...slow, held, oversized, malformed, badSignature, replayed, duplicates, valid, health]);
  } finally {
    closeAll(raw);
    for (const created of agents) created.destroy();
  }
  return { acknowledged, validIds, duplicateId, healthStatuses, slowestHealthMs, statuses, idleOpened, slowCutOff };
}
