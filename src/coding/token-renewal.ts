import type { OAuthTokens } from './oauth.js';

export interface RenewalSource {
  refreshToken: string;
  /** Asks Coding for new tokens; Coding revokes the given refresh token when it answers. */
  renew(refreshToken: string): Promise<OAuthTokens>;
  /** Called once per renewal, before any waiting request is replayed. */
  onRenewed(tokens: OAuthTokens): void;
}

/**
 * The access token requests carry, and its renewal. Coding revokes the old tokens at each renewal, so
 * when several requests are refused at once only one renewal may happen: the others wait for it and
 * replay with its token, and a request refused with a token that was replaced meanwhile replays with
 * the current one without asking for another.
 */
export class TokenRenewal {
  private accessToken: string;
  private refreshToken: string;
  private renewing: Promise<void> | undefined;
  /** A renewed token no request has succeeded with yet: if it is refused, renewing again will not help. */
  private unproven: string | undefined;
  /** The token whose renewal failed, and how: later refusals of it fail the same way without asking again. */
  private failed: { token: string; error: unknown } | undefined;

  constructor(
    accessToken: string,
    private readonly source: RenewalSource | undefined,
  ) {
    this.accessToken = accessToken;
    this.refreshToken = source?.refreshToken ?? '';
  }

  get renewable(): boolean {
    return this.source !== undefined;
  }

  /** The token to send now: the one a renewal in progress brings, if any. */
  async current(): Promise<string> {
    if (this.renewing) await this.renewing.catch(() => undefined);
    return this.accessToken;
  }

  /** A request sent with `token` succeeded. */
  accepted(token: string): void {
    if (token === this.unproven) this.unproven = undefined;
  }

  /**
   * A request sent with `token` was refused with `refusal`. Resolves when the request should be replayed
   * with the current token; rejects with the renewal's error, or with the refusal when renewing cannot help.
   */
  async renewAfterRefusal(token: string, refusal: unknown): Promise<void> {
    if (!this.source) throw refusal;
    if (token !== this.accessToken) return;
    if (this.failed?.token === token) throw this.failed.error;
    if (this.unproven === token) throw refusal;
    this.renewing ??= this.renew(this.source, token);
    await this.renewing;
  }

  private async renew(source: RenewalSource, stale: string): Promise<void> {
    try {
      const tokens = await source.renew(this.refreshToken);
      this.accessToken = tokens.accessToken;
      this.refreshToken = tokens.refreshToken;
      this.unproven = tokens.accessToken;
      source.onRenewed(tokens);
    } catch (error) {
      this.failed = { token: stale, error };
      throw error;
    } finally {
      this.renewing = undefined;
    }
  }
}
