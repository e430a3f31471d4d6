import { setTimeout as sleep } from 'node:timers/promises';
import got, { HTTPError, ParseError, RequestError, type Got } from 'got';
import pLimit, { type LimitFunction } from 'p-limit';
import { CodingAuthError, CodingError, CodingUnavailableError, CodingApiError, CodingTokenFormatError, CodingResponseError } from './errors.js';
import { EnvelopeError, MissingEnvelopeError, toCodingError, toResponseError, unwrap, type Payload } from './envelope.js';
import { refreshOAuthToken, type OAuthTokens } from './oauth.js';
import type { RateLimiter } from './rate-limiter.js';
import { DEFAULT_RETRY, parseRetryAfter, retryDelay, type RetryOptions } from './retry-policy.js';
import { TokenRenewal } from './token-renewal.js';

export type { Payload } from './envelope.js';

export interface BackoffEvent {
  action: string;
  attempt: number;
  delayMs: number;
  reason: 'rate_limited' | 'server_error' | 'network_error' | 'bad_response' | 'no_envelope';
}

export interface CodingClientOptions {
  /** The OpenAPI endpoint, e.g. https://acme.coding.net/open-api. */
  apiUrl: string;
  authScheme: 'token' | 'Bearer';
  accessToken: string;
  /** When given, a rejected token is renewed (once for every request waiting on it) and the requests replayed. */
  oauthRefresh?: { clientId: string; clientSecret: string; refreshToken: string } | undefined;
  /** Shared by the whole process; every attempt, retries included, takes one of its slots. */
  limiter: RateLimiter;
  retry?: Partial<RetryOptions>;
  /** Bound of one attempt. */
  timeoutMs?: number;
  /** Requests in flight at once, retries and their waits included. Default 8. */
  maxConcurrency?: number;
  /** Largest answer accepted, in bytes (decompressed); a larger one is abandoned as it streams. Default 64 MiB. */
  maxResponseBytes?: number;
  userAgent?: string;
  onBackoff?: (event: BackoffEvent) => void;
  onTokensRefreshed?: (tokens: OAuthTokens) => void;
}

const DEFAULT_MAX_CONCURRENCY = 8;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

const RETRY_STATUS = [408, 429, 500, 502, 503, 504, 520, 521, 522, 524];
const RETRY_NETWORK = ['ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENETUNREACH', 'EHOSTUNREACH', 'EAI_AGAIN', 'ECONNABORTED'];
/** A JSON answer without the envelope is not a glitch in transit: two quick retries, then it is reported. */
const MISSING_ENVELOPE_RETRY: Pick<RetryOptions, 'maxRetries' | 'baseDelayMs' | 'maxDelayMs'> = { maxRetries: 2, baseDelayMs: 200, maxDelayMs: 400 };
/** Replays after an authorization refusal; more means the renewed token is refused too. */
const MAX_AUTH_REPLAYS = 3;

/** What one failed attempt means: the error to report, and whether and why it is worth another try. */
interface Failure {
  error: CodingError;
  retryReason: BackoffEvent['reason'] | undefined;
  retryAfterMs: number | undefined;
}

/**
 * Coding's OpenAPI: one URL, the action named in the body (and the query, which some gateways route
 * on), a JSON envelope around every answer. This client owns transport concerns — auth header, rate
 * limit, concurrency, retries, timeouts, body size, envelope errors, OAuth renewal — so callers only
 * name an action and its parameters.
 */
export class CodingClient {
  private readonly http: Got;
  private readonly retry: RetryOptions;
  private readonly inFlight: LimitFunction;
  private readonly maxResponseBytes: number;
  private readonly tokens: TokenRenewal;
  private sent = 0;

  constructor(private readonly options: CodingClientOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.inFlight = pLimit(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY);
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const oauth = options.oauthRefresh;
    this.tokens = new TokenRenewal(
      options.accessToken,
      oauth && {
        refreshToken: oauth.refreshToken,
        renew: (refreshToken) => refreshOAuthToken(options.apiUrl, { ...oauth, refreshToken }),
        onRenewed: (tokens) => options.onTokensRefreshed?.(tokens),
      },
    );
    this.http = got.extend({
      method: 'POST',
      responseType: 'json',
      throwHttpErrors: true,
      timeout: { connect: 15_000, request: options.timeoutMs ?? 60_000 },
      headers: { 'user-agent': options.userAgent ?? 'source-coding', accept: 'application/json' },
      // Retries are this client's own (below), so that each one takes a rate-limiter slot and the OAuth
      // renewal and the envelope are handled between attempts.
      retry: { limit: 0 },
    });
  }

  /** HTTP requests sent to the API so far, retries included: what a sync cost Coding. */
  get requestCount(): number {
    return this.sent;
  }

  /** Calls an action and returns the content of `Response` (payload keys and RequestId). */
  call(action: string, params: Record<string, unknown> = {}): Promise<Payload> {
    return this.inFlight(() => this.callWithRetries(action, params));
  }

  private async callWithRetries(action: string, params: Record<string, unknown>): Promise<Payload> {
    const startedAt = Date.now();
    let retries = 0;
    let missingEnvelopes = 0;
    let authReplays = 0;
    for (;;) {
      const token = await this.tokens.current();
      const slot = await this.options.limiter.acquire();
      this.sent += 1;
      let failure: Failure;
      try {
        const payload = unwrap(await this.attempt(action, params, token));
        this.options.limiter.succeeded();
        this.tokens.accepted(token);
        return payload;
      } catch (error) {
        failure = this.classify(action, error);
      }
      if (failure.error instanceof CodingAuthError && this.tokens.renewable && authReplays < MAX_AUTH_REPLAYS) {
        // Rejects with the renewal's error when it fails, or with the refusal when renewing cannot help.
        await this.tokens.renewAfterRefusal(token, failure.error);
        authReplays++;
        continue;
      }
      if (failure.retryReason === 'rate_limited') this.options.limiter.throttled(slot, failure.retryAfterMs);
      const delayMs = this.backoff(failure, retries + 1, missingEnvelopes + 1, Date.now() - startedAt);
      if (delayMs === 0 || failure.retryReason === undefined) throw failure.error;
      retries++;
      if (failure.retryReason === 'no_envelope') missingEnvelopes++;
      this.options.onBackoff?.({ action, attempt: retries, delayMs, reason: failure.retryReason });
      await sleep(delayMs);
    }
  }

  /** One request; the body is abandoned as soon as it grows past the cap, not after it was buffered. */
  private async attempt(action: string, params: Record<string, unknown>, token: string): Promise<unknown> {
    const request = this.http(this.options.apiUrl, {
      searchParams: { Action: action },
      json: { Action: action, ...params },
      headers: { authorization: `${this.options.authScheme} ${token}` },
    });
    let tooLarge = false;
    request.on('downloadProgress', ({ transferred, total }) => {
      if (!tooLarge && (transferred > this.maxResponseBytes || (total ?? 0) > this.maxResponseBytes)) {
        tooLarge = true;
        request.cancel();
      }
    });
    try {
      return (await request).body;
    } catch (error) {
      if (tooLarge) {
        const mib = (this.maxResponseBytes / 1024 / 1024).toFixed(this.maxResponseBytes % (1024 * 1024) === 0 ? 0 : 2);
        throw new CodingResponseError(`Coding's answer to ${action} was larger than ${mib} MiB (${this.maxResponseBytes} bytes), so its download was stopped. If answers this large are expected, raise SOURCE_CODING_MAX_RESPONSE_BYTES.`);
      }
      throw error;
    }
  }

  /** Milliseconds to wait before the next attempt, or 0 to give up. */
  private backoff(failure: Failure, attempt: number, missingEnvelopeAttempt: number, elapsedMs: number): number {
    if (failure.retryReason === undefined || attempt > this.retry.maxRetries) return 0;
    if (failure.retryReason === 'no_envelope') {
      const quick = { ...this.retry, ...MISSING_ENVELOPE_RETRY, baseDelayMs: Math.min(this.retry.baseDelayMs, MISSING_ENVELOPE_RETRY.baseDelayMs) };
      return retryDelay(quick, { attempt: missingEnvelopeAttempt, elapsedMs, retryable: true, retryAfterMs: undefined });
    }
    return retryDelay(this.retry, { attempt, elapsedMs, retryable: true, retryAfterMs: failure.retryAfterMs });
  }

  private classify(action: string, error: unknown): Failure {
    const failure = (coding: CodingError, retryReason?: BackoffEvent['reason'], retryAfterMs?: number): Failure => ({ error: coding, retryReason, retryAfterMs });
    if (error instanceof MissingEnvelopeError) {
      return failure(new CodingResponseError(`Coding's answer to ${action} had no Response envelope (it was ${error.shape}), also when asked again: something other than Coding's OpenAPI may be answering (a proxy or gateway). Check api_url.`), 'no_envelope');
    }
    if (error instanceof EnvelopeError) {
      const reason = error.retryable ? (error.code.startsWith('RequestLimitExceeded') ? 'rate_limited' : 'server_error') : undefined;
      return failure(toCodingError(action, error), reason);
    }
    if (error instanceof CodingError) return failure(error);
    if (!(error instanceof RequestError)) {
      return failure(new CodingUnavailableError(`Calling Coding (${action}) failed unexpectedly.`, 'system_error', describe(error)));
    }
    const host = this.host();
    if (error instanceof HTTPError) {
      const status = error.response.statusCode;
      const retryAfterMs = parseRetryAfter(error.response.headers['retry-after']);
      const reason = status === 429 ? 'rate_limited' : RETRY_STATUS.includes(status) ? 'server_error' : undefined;
      if (status === 401 || status === 403) {
        return failure(new CodingAuthError(action, `HTTP${status}`, '', `Coding answered HTTP ${status} to ${action}: the access token was rejected. Check credentials.access_token.`, 'config_error'));
      }
      if (status === 404) {
        return failure(new CodingUnavailableError(`${this.options.apiUrl} answered HTTP 404: this is not Coding's OpenAPI endpoint. Check team_name (and api_url if you set it).`, 'config_error'));
      }
      if (status === 429) {
        return failure(new CodingApiError(action, 'HTTP429', '', `Coding kept answering HTTP 429 (too many requests) to ${action} after every retry. Lower requests_per_second or sync less often.`, 'transient_error'), reason, retryAfterMs);
      }
      if (status >= 500) {
        return failure(new CodingUnavailableError(`Coding kept failing (HTTP ${status}) on ${action} after every retry; it may be having an outage. Try again later.`), reason, retryAfterMs);
      }
      return failure(new CodingUnavailableError(`Coding answered HTTP ${status} to ${action}.`, 'system_error'), reason, retryAfterMs);
    }
    if (error instanceof ParseError) {
      const type = String(error.response.headers['content-type'] ?? '');
      if (!/json/i.test(type)) {
        // An HTML page means a wrong URL, and another try will not change that.
        return failure(new CodingUnavailableError(`${this.options.apiUrl} answered with ${type || 'something'} rather than JSON: this is not Coding's OpenAPI endpoint. Check team_name (and api_url if you set it).`, 'config_error'));
      }
      return failure(toResponseError(action, 'the JSON was invalid or cut short, again after every retry'), 'bad_response');
    }
    const code = error.code;
    if (code === 'ERR_INVALID_CHAR') {
      // Node refuses to send a header with a line break or a character beyond Latin-1: the token itself is wrong.
      return failure(new CodingTokenFormatError('credentials.access_token contains characters an HTTP header cannot carry (a line break or a non-ASCII character). Copy the token again from Coding, without spaces or line breaks.'));
    }
    if (code === 'ENOTFOUND') {
      return failure(new CodingUnavailableError(`The host ${host} does not exist (DNS lookup failed). Check team_name (and api_url if you set it).`, 'config_error'));
    }
    if (code.startsWith('CERT_') || code.includes('SELF_SIGNED') || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') {
      return failure(new CodingUnavailableError(`The TLS certificate of ${host} could not be verified (${code}).`, 'config_error'));
    }
    const what = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ETIMEDOUT' ? 'timed out' : code === 'ECONNRESET' ? 'connection reset' : code;
    const unavailable = new CodingUnavailableError(`Cannot reach Coding at ${host} (${what}) after every retry. Check the network, team_name and api_url; try again later.`);
    return failure(unavailable, RETRY_NETWORK.includes(code) ? 'network_error' : undefined);
  }

  private host(): string {
    try {
      return new URL(this.options.apiUrl).host;
    } catch {
      return this.options.apiUrl;
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
