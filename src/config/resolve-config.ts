import { ConfigError } from '../errors.js';
import type { ConnectorConfig } from '../generated/config.js';
import { DEFAULT_RETENTION } from '../webhooks/store/event-store.js';
import { secretsIn } from './secrets.js';
import { startDateInstant } from './start-date.js';
import { validateConfig } from './validate-config.js';

export type AuthScheme = 'token' | 'Bearer';

export interface OAuthRefresh {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/** The config as the rest of the connector uses it: validated, defaults applied, derived values computed. */
export interface Settings {
  /** The file as given (for config updates after an OAuth renewal). */
  raw: ConnectorConfig;
  teamName: string;
  apiUrl: string;
  authScheme: AuthScheme;
  accessToken: string;
  oauthRefresh: OAuthRefresh | undefined;
  /** Empty means every project the token can see. */
  projects: string[];
  /** Epoch ms; issues updated before it are not read. */
  startDate: number | undefined;
  incrementalMode: 'polling' | 'webhook';
  issueDetails: boolean;
  /** Polling mode: hours between deletion sweeps; 0 = every sync, -1 = never. */
  deletionSweepHours: number;
  requestsPerSecond: number;
  /** Requests in flight at once, process-wide. */
  maxConcurrency: number;
  webhook: {
    secret: string | undefined;
    store: string | undefined;
    allowUnsigned: boolean;
    retentionHours: number;
    /** Event-store retention, for the receiver (which applies it) and syncs (which only read). */
    retention: { maxAgeMs: number; maxBytes: number };
  };
  /** Every secret value of this config, for masking. */
  secrets: string[];
}

export function resolveConfig(raw: unknown): Settings {
  const config = validateConfig(raw);
  const credentials = config.credentials;
  const apiUrl = (config.api_url ?? `https://${config.team_name}.coding.net/open-api`).replace(/\/+$/, '');
  try {
    new URL(apiUrl);
  } catch {
    throw new ConfigError('api_url is not a valid URL; expected e.g. https://acme.coding.net/open-api.');
  }
  let oauthRefresh: OAuthRefresh | undefined;
  if (credentials.auth_type === 'oauth2' && credentials.refresh_token && credentials.client_id && credentials.client_secret) {
    oauthRefresh = { clientId: credentials.client_id, clientSecret: credentials.client_secret, refreshToken: credentials.refresh_token };
  }
  const mode = config.incremental_mode ?? 'polling';
  if (mode === 'webhook' && !config.webhook_store) {
    throw new ConfigError('webhook_store is required when incremental_mode is "webhook": a directory shared with the receiver, or a redis:// URL.');
  }
  const sweepHours = config.deletion_sweep_hours ?? 24;
  if (sweepHours < 0 && sweepHours !== -1) {
    throw new ConfigError('deletion_sweep_hours must be -1 (never sweep for deleted issues), 0 (sweep on every sync) or a positive number of hours.');
  }
  // Secret fields are the ones spec.json marks airbyte_secret; a Redis URL may carry a password too.
  const secrets: Array<string | undefined> = secretsIn(config);
  const storePassword = passwordInUrl(config.webhook_store);
  if (storePassword) secrets.push(storePassword);
  return {
    raw: config,
    teamName: config.team_name,
    apiUrl,
    authScheme: credentials.auth_type === 'oauth2' ? 'Bearer' : 'token',
    accessToken: checkedToken(credentials.access_token),
    oauthRefresh,
    projects: config.projects ?? [],
    startDate: config.start_date === undefined ? undefined : parseStartDate(config.start_date),
    incrementalMode: mode,
    issueDetails: config.issue_details ?? false,
    deletionSweepHours: sweepHours,
    requestsPerSecond: config.requests_per_second ?? 10,
    maxConcurrency: config.max_concurrency ?? 8,
    webhook: {
      secret: config.webhook_secret,
      store: config.webhook_store,
      allowUnsigned: config.webhook_allow_unsigned ?? false,
      retentionHours: config.webhook_retention_hours ?? 168,
      retention: { maxAgeMs: (config.webhook_retention_hours ?? 168) * 3_600_000, maxBytes: DEFAULT_RETENTION.maxBytes },
    },
    secrets: secrets.filter((s): s is string => typeof s === 'string' && s.length > 0),
  };
}

/**
 * The token as it goes into the Authorization header: surrounding whitespace and a pasted scheme
 * ("token …", "Bearer …") removed. Coding's tokens are printable ASCII; anything else (a line break
 * from a copy, a look-alike character) would otherwise surface as a network error. Never quoted.
 */
function checkedToken(value: string): string {
  const token = value.trim().replace(/^(token|bearer)\s+/i, '');
  const bad = /[^\x21-\x7e]/.exec(token);
  if (token === '') throw new ConfigError('credentials.access_token is empty.');
  if (bad) {
    throw new ConfigError(`credentials.access_token contains ${kindOf(bad[0])} (character ${bad.index + 1} of ${token.length}); Coding tokens are printable ASCII. Copy the token again from Coding.`);
  }
  return token;
}

function kindOf(character: string): string {
  if (/[\r\n]/.test(character)) return 'a line break';
  if (/\s/.test(character)) return 'a space or other whitespace';
  if (/[\x00-\x1f\x7f]/.test(character)) return 'a control character';
  return 'a non-ASCII character';
}

function parseStartDate(value: string): number {
  return startDateInstant(value);
}

function passwordInUrl(value: string | undefined): string | undefined {
  if (!value || !/^rediss?:\/\//.test(value)) return undefined;
  try {
    const url = new URL(value);
    return url.password ? decodeURIComponent(url.password) : undefined;
  } catch {
    return undefined;
  }
}
