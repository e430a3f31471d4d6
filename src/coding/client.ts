import got, { HTTPError, ParseError, RequestError, type Got } from 'got';
import { CodingAuthError, CodingError, CodingUnavailableError, CodingApiError } from './errors.js';
import { EnvelopeError, toCodingError, toResponseError, unwrap, type Payload } from './envelope.js';
import { refreshOAuthToken, type OAuthTokens } from './oauth.js';
import type { RateLimiter } from './rate-limiter.js';
import { DEFAULT_RETRY, parseRetryAfter, retryDelay, type RetryOptions } from './retry-policy.js';

export type { Payload } from './envelope.js';

export interface BackoffEvent {
  action: string;
  attempt: number;
  delayMs: number;
  reason: 'rate_limited' | 'server_error' | 'network_error' | 'bad_response';
}

export interface CodingClientOptions {
  /** The OpenAPI endpoint, e.g. https://acme.coding.net/open-api. */
  apiUrl: string;
  authScheme: 'token' | 'Bearer';
  accessToken: string;
  /** When given, a rejected token is renewed once and the request replayed. */
  oauthRefresh?: { clientId: string; clientSecret: string; refreshToken: string } | undefined;
  limiter: RateLimiter;
  retry?: Partial<RetryOptions>;
  /** Bound of one attempt. */
  timeoutMs?: number;
  userAgent?: string;
  onBackoff?: (event: BackoffEvent) => void;
  onTokensRefreshed?: (tokens: OAuthTokens) => void;
}

const RETRY_STATUS = [408, 429, 500, 502, 503, 504, 520, 521, 522, 524];
const RETRY_NETWORK = ['ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENETUNREACH', 'EHOSTUNREACH', 'EAI_AGAIN', 'ECONNABORTED'];

interface CallContext {
  action: string;
  startedAt: number;
  [key: string]: unknown;
}

/**
 * Coding's OpenAPI: one URL, the action named in the body (and the query, which some gateways route
 * on), a JSON envelope around every answer. This client owns transport concerns — auth header, rate
 * limit, retries, timeouts, envelope errors — so callers only name an action and its parameters.
 */
export class CodingClient {
  private readonly http: Got;
  private readonly retry: RetryOptions;
  private accessToken: string;
  private refreshToken: string | undefined;
  private sent = 0;

  constructor(private readonly options: CodingClientOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.accessToken = options.accessToken;
    this.refreshToken = options.oauthRefresh?.refreshToken;
    this.http = got.extend({
      method: 'POST',
      responseType: 'json',
      throwHttpErrors: true,
      timeout: { connect: 15_000, request: options.timeoutMs ?? 60_000 },
      headers: { 'user-agent': options.userAgent ?? 'source-coding', accept: 'application/json' },
      retry: {
        limit: this.retry.maxRetries,
        methods: ['POST'],
        statusCodes: RETRY_STATUS,
        errorCodes: RETRY_NETWORK,
        calculateDelay: ({ attemptCount, error, retryAfter }) => this.delayFor(attemptCount, error, retryAfter),
      },
      hooks: {
        beforeRequest: [
          async (request) => {
            await options.limiter.acquire();
            this.sent += 1;
            // Set here rather than once, so a renewed OAuth token applies to retries too.
            request.headers.authorization = `${options.authScheme} ${this.accessToken}`;
          },
        ],
        afterResponse: [
          (response) => {
            // Non-2xx answers are got's HTTP errors; only a 200 may hide an error in its body.
            if (response.statusCode < 300) unwrap(response.body);
            return response;
          },
        ],
      },
    });
  }

  /** HTTP requests sent to the API so far, retries included: what a sync cost Coding. */
  get requestCount(): number {
    return this.sent;
  }

  /** Calls an action and returns the content of `Response` (payload keys and RequestId). */
  async call(action: string, params: Record<string, unknown> = {}): Promise<Payload> {
    try {
      return await this.send(action, params);
    } catch (error) {
      if (error instanceof CodingAuthError && this.options.oauthRefresh && this.refreshToken) {
        await this.renewToken();
        return this.send(action, params);
      }
      throw error;
    }
  }

  private async send(action: string, params: Record<string, unknown>): Promise<Payload> {
    const context: CallContext = { action, startedAt: Date.now() };
    try {
      const response = await this.http(this.options.apiUrl, {
        searchParams: { Action: action },
        json: { Action: action, ...params },
        context,
      });
      return unwrap(response.body);
    } catch (error) {
      throw this.translate(action, error);
    }
  }

  private async renewToken(): Promise<void> {
    const refresh = this.options.oauthRefresh;
    if (!refresh || !this.refreshToken) return;
    const tokens = await refreshOAuthToken(this.options.apiUrl, { ...refresh, refreshToken: this.refreshToken });
    this.accessToken = tokens.accessToken;
    this.refreshToken = tokens.refreshToken;
    this.options.onTokensRefreshed?.(tokens);
  }

  private delayFor(attempt: number, error: RequestError, retryAfter: number | undefined): number {
    const context = error.options.context as Partial<CallContext>;
    const envelope = error.cause instanceof EnvelopeError ? error.cause : undefined;
    const reason = reasonOf(error, envelope);
    const retryable = reason !== undefined;
    const headerWait = parseRetryAfter(error.response?.headers['retry-after']) ?? retryAfter;
    const delayMs = retryDelay(this.retry, {
      attempt,
      elapsedMs: Date.now() - (context.startedAt ?? Date.now()),
      retryable,
      retryAfterMs: headerWait,
    });
    if (delayMs > 0 && reason) {
      if (reason === 'rate_limited') this.options.limiter.pauseFor(delayMs);
      this.options.onBackoff?.({ action: context.action ?? 'unknown', attempt, delayMs, reason });
    }
    return delayMs;
  }

  private translate(action: string, error: unknown): CodingError {
    if (error instanceof CodingError) return error;
    if (!(error instanceof RequestError)) {
      return new CodingUnavailableError(`Calling Coding (${action}) failed unexpectedly.`, 'system_error', describe(error));
    }
    if (error.cause instanceof EnvelopeError) {
      if (error.cause.code === 'InvalidResponse') return toResponseError(action, error.cause.apiMessage);
      return toCodingError(action, error.cause);
    }
    const host = this.host();
    if (error instanceof HTTPError) {
      const status = error.response.statusCode;
      if (status === 401 || status === 403) {
        return new CodingAuthError(action, `HTTP${status}`, '', `Coding answered HTTP ${status} to ${action}: the access token was rejected. Check credentials.access_token.`, 'config_error');
      }
      if (status === 404) {
        return new CodingUnavailableError(`${this.options.apiUrl} answered HTTP 404: this is not Coding's OpenAPI endpoint. Check team_name (and api_url if you set it).`, 'config_error');
      }
      if (status === 429) {
        return new CodingApiError(action, 'HTTP429', '', `Coding kept answering HTTP 429 (too many requests) to ${action} after every retry. Lower requests_per_second or sync less often.`, 'transient_error');
      }
      if (status >= 500) {
        return new CodingUnavailableError(`Coding kept failing (HTTP ${status}) on ${action} after every retry; it may be having an outage. Try again later.`);
      }
      return new CodingUnavailableError(`Coding answered HTTP ${status} to ${action}.`, 'system_error');
    }
    if (error instanceof ParseError) {
      const type = String(error.response.headers['content-type'] ?? '');
      if (!/json/i.test(type)) {
        return new CodingUnavailableError(`${this.options.apiUrl} answered with ${type || 'something'} rather than JSON: this is not Coding's OpenAPI endpoint. Check team_name (and api_url if you set it).`, 'config_error');
      }
      return toResponseError(action, 'the JSON was invalid or cut short, again after every retry');
    }
    const code = error.code;
    if (code === 'ENOTFOUND') {
      return new CodingUnavailableError(`The host ${host} does not exist (DNS lookup failed). Check team_name (and api_url if you set it).`, 'config_error');
    }
    if (code?.startsWith('CERT_') || code?.includes('SELF_SIGNED') || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') {
      return new CodingUnavailableError(`The TLS certificate of ${host} could not be verified (${code}).`, 'config_error');
    }
    const what = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ETIMEDOUT' ? 'timed out' : code === 'ECONNRESET' ? 'connection reset' : (code ?? 'network error');
    return new CodingUnavailableError(`Cannot reach Coding at ${host} (${what}) after every retry. Check the network, team_name and api_url; try again later.`);
  }

  private host(): string {
    try {
      return new URL(this.options.apiUrl).host;
    } catch {
      return this.options.apiUrl;
    }
  }
}

function reasonOf(error: RequestError, envelope: EnvelopeError | undefined): BackoffEvent['reason'] | undefined {
  if (envelope) {
    if (!envelope.retryable) return undefined;
    return envelope.code.startsWith('RequestLimitExceeded') ? 'rate_limited' : envelope.code === 'InvalidResponse' ? 'bad_response' : 'server_error';
  }
  if (error instanceof HTTPError) {
    const status = error.response.statusCode;
    if (status === 429) return 'rate_limited';
    return RETRY_STATUS.includes(status) ? 'server_error' : undefined;
  }
  if (error instanceof ParseError) {
    // A cut-short JSON body is worth another try; an HTML page means a wrong URL and never will be.
    return /json/i.test(String(error.response.headers['content-type'] ?? '')) ? 'bad_response' : undefined;
  }
  return error.code && RETRY_NETWORK.includes(error.code) && !(error.cause instanceof CodingError) ? 'network_error' : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
