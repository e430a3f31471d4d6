import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { freePort } from '../../test-support/free-port.js';

export { freePort };
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRedis {
  host: string;
  port: number;
  /** A URL of this server with a key prefix of its own, so that tests never see each other's keys. */
  isolatedUrl(): string;
  stop(): Promise<void>;
}

/**
 * The Redis that store tests run against: `REDIS_URL` when set, else a `redis-server` from PATH
 * spawned on a free port with a throwaway directory. Neither → a failure that says what to do
 * (tests must not pass silently without Redis: CI installs it).
 */
export async function startTestRedis(): Promise<TestRedis> {
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv !== undefined && fromEnv !== '') {
    const url = new URL(fromEnv);
    return {
      host: url.hostname,
      port: Number(url.port || 6379),
      isolatedUrl: () => withPrefix(fromEnv),
      stop: async () => undefined,
    };
  }
  return spawnRedisServer();
}

export async function spawnRedisServer(): Promise<TestRedis> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'source-coding-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir, '--protected-mode', 'no'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    await Promise.race([waitForPort(port, 10_000), exitedEarly(child, () => output)]);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const base = `redis://127.0.0.1:${port}/0`;
  return {
    host: '127.0.0.1',
    port,
    isolatedUrl: () => withPrefix(base),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function withPrefix(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('prefix', `test-${randomUUID()}`);
  return parsed.href;
}

function exitedEarly(child: ChildProcess, output: () => string): Promise<never> {
  return new Promise((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new Error('the Redis store tests need a Redis server: set REDIS_URL, or install redis-server on PATH (apt-get install redis-server).')
          : error,
      );
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code} before accepting connections:\n${output()}`)));
  });
}


async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answersPing(port)) return;
    await new Promise((done) => setTimeout(done, 25));
  }
  throw new Error(`redis-server did not answer on port ${port} within ${timeoutMs} ms`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      done(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => done(false));
  });
}

/** Removes every key a test wrote under its prefix (matters only on a shared REDIS_URL server). */
export async function deletePrefixedKeys(url: string): Promise<void> {
  const { createClient } = await import('redis');
  const parsed = new URL(url);
  const prefix = parsed.searchParams.get('prefix');
  if (prefix === null) return;
  parsed.search = '';
  const client = createClient({ url: parsed.href });
  client.on('error', () => undefined);
  await client.connect();
  try {
    let cursor = '0';
    do {
      const reply = await client.sendCommand(['SCAN', cursor, 'MATCH', `${prefix}:*`, 'COUNT', '1000']);
      if (!Array.isArray(reply)) break;
      cursor = String(reply[0]);
      const keys = Array.isArray(reply[1]) ? reply[1].map(String) : [];
      if (keys.length > 0) await client.sendCommand(['DEL', ...keys]);
    } while (cursor !== '0');
  } finally {
    await client.close();
  }
}
