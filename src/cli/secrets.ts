import { isObject } from '../json.js';

const SECRET_KEYS = new Set(['access_token', 'refresh_token', 'client_secret', 'webhook_secret', 'password', 'token', 'secret']);

/**
 * Every string that looks like a secret anywhere in a config file, before the config is validated: an
 * invalid config can still carry a real token, and nothing about it may be echoed back.
 */
export function secretsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => secretsIn(item, found));
  else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (typeof child === 'string' && SECRET_KEYS.has(key.toLowerCase())) found.push(child);
      else secretsIn(child, found);
    }
  }
  return found;
}
