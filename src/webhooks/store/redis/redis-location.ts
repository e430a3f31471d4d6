import { ConfigError } from '../../../errors.js';

export interface RedisLocation {
  /** The URL handed to node-redis: credentials and database kept, our query parameters removed. */
  clientUrl: string;
  /** Prefix of every key the store uses (`?prefix=`, default `source-coding`). */
  prefix: string;
  /** host:port[/db] for messages; never the password. */
  describe: string;
  /** The password in the URL, to scrub from any message that might echo it. */
  password: string | null;
}

const PREFIX = /^[A-Za-z0-9_.:{}-]{1,100}$/;

/**
 * `redis[s]://[user:password@]host[:port][/db][?prefix=name]`. The database number selects the Redis
 * database; `prefix` lets several connectors (or tests) share one database. Keys:
 * `<prefix>:events` (the stream), `<prefix>:store-id`, `<prefix>:counter`, `<prefix>:head`,
 * `<prefix>:delivery:<id>` (dedup, expiring).
 */
export function parseRedisLocation(url: string): RedisLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`the Redis URL "${redactCredentials(url)}" is not a valid URL (redis://[user:password@]host[:port][/db]).`);
  }
  const password = parsed.password === '' ? null : decodeURIComponent(parsed.password);
  const db = parsed.pathname.replace(/^\/+/, '');
  if (db !== '' && !/^\d{1,5}$/.test(db)) {
    throw new ConfigError(`the Redis URL path "/${db}" must be a database number (e.g. redis://host:6379/0).`);
  }
  const prefix = parsed.searchParams.get('prefix') ?? 'source-coding';
  if (!PREFIX.test(prefix)) throw new ConfigError(`the Redis key prefix "${prefix}" may only use letters, digits and _ . : { } -.`);
  for (const key of parsed.searchParams.keys()) {
    if (key !== 'prefix') throw new ConfigError(`unknown Redis URL parameter "${key}" (only "prefix" is understood).`);
  }
  const hostPort = `${parsed.hostname}:${parsed.port === '' ? '6379' : parsed.port}`;
  const clientUrl = new URL(parsed.href);
  clientUrl.search = '';
  clientUrl.hash = '';
  return { clientUrl: clientUrl.href, prefix, describe: db === '' ? hostPort : `${hostPort}/${db}`, password };
}

function redactCredentials(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}
