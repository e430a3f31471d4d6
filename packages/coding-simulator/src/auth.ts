/**
 * The simulator's tokens and what each may do. Personal tokens are derived from the seed so a
 * restarted demo keeps the same token (and the printed config keeps working); OAuth tokens issued
 * by a refresh are random, since nothing should be able to predict them.
 */
import { createHash, randomBytes } from 'node:crypto';

export type Scope = 'user:profile:ro' | 'project:profile:ro' | 'collaboration:issue:ro' | 'project:member:ro' | 'project:depot:ro' | 'ci:job:ro' | 'ci:build:ro';

export const ALL_SCOPES: readonly Scope[] = ['user:profile:ro', 'project:profile:ro', 'collaboration:issue:ro', 'project:member:ro', 'project:depot:ro', 'ci:job:ro', 'ci:build:ro'];

export interface Caller {
  token: string;
  kind: 'personal' | 'oauth';
  userId: number;
  scopes: ReadonlySet<Scope>;
}

export interface OAuthTokenAnswer {
  access_token: string;
  refresh_token: string;
  scope: string;
  team: string;
  token_type: 'Bearer';
  expires_in: string;
}

export type RefreshResult = { ok: true; answer: OAuthTokenAnswer } | { ok: false; error: string; description: string };

export class TokenRegistry {
  readonly personal: string;
  readonly noMemberScope: string;
  readonly clientId: string;
  readonly clientSecret: string;
  private oauthAccess: string;
  private oauthRefresh: string;
  /** The access token outlived its lifetime: refused until the next refresh, which still works. */
  private oauthAccessExpired = false;
  /** Calls of the token endpoint, successful or not. */
  refreshRequests = 0;
  private readonly personalTokens = new Map<string, ReadonlySet<Scope>>();

  constructor(
    private readonly seed: number,
    private readonly userId: number,
    private readonly team: string,
  ) {
    const derive = (purpose: string): string => createHash('sha1').update(`source-coding-simulator:${seed}:${purpose}`).digest('hex');
    this.personal = derive('personal');
    this.noMemberScope = derive('no-member-scope');
    this.clientId = derive('client-id').slice(0, 20);
    this.clientSecret = derive('client-secret');
    this.oauthAccess = derive('oauth-access').slice(0, 32);
    this.oauthRefresh = derive('oauth-refresh').slice(0, 32);
    this.personalTokens.set(this.personal, new Set(ALL_SCOPES));
    this.personalTokens.set(this.noMemberScope, new Set(ALL_SCOPES.filter((s) => s !== 'project:member:ro')));
  }

  /** A personal token with every scope but `scope` (the same for one seed). */
  lacking(scope: Scope): string {
    const token = createHash('sha1').update(`source-coding-simulator:${this.seed}:lacking:${scope}`).digest('hex');
    this.personalTokens.set(token, new Set(ALL_SCOPES.filter((s) => s !== scope)));
    return token;
  }

  get oauth(): string {
    return this.oauthAccess;
  }

  get refreshToken(): string {
    return this.oauthRefresh;
  }

  /**
   * Personal tokens are accepted only as `token X` and OAuth tokens only as `Bearer X`, so a
   * client that mixes up the schemes fails here as it presumably would against Coding.
   */
  authenticate(authorization: string | undefined): Caller | undefined {
    const match = /^\s*(token|bearer)\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return undefined;
    const scheme = (match[1] as string).toLowerCase();
    const token = match[2] as string;
    if (scheme === 'token') {
      const scopes = this.personalTokens.get(token);
      return scopes ? { token, kind: 'personal', userId: this.userId, scopes } : undefined;
    }
    return token === this.oauthAccess && !this.oauthAccessExpired ? { token, kind: 'oauth', userId: this.userId, scopes: new Set(ALL_SCOPES) } : undefined;
  }

  /** Makes the current OAuth access token expire, as Coding's do after `expires_in`. */
  expireAccessToken(): void {
    this.oauthAccessExpired = true;
  }

  /** grant_type=refresh_token: issues a new pair and invalidates the old access and refresh tokens. */
  refresh(form: URLSearchParams): RefreshResult {
    this.refreshRequests++;
    const grantType = form.get('grant_type');
    if (grantType !== 'refresh_token') {
      return { ok: false, error: 'unsupported_grant_type', description: `grant_type ${JSON.stringify(grantType)} is not supported by the simulator` };
    }
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret) {
      return { ok: false, error: 'invalid_client', description: 'client_id or client_secret is wrong' };
    }
    if (form.get('refresh_token') !== this.oauthRefresh) {
      return { ok: false, error: 'invalid_grant', description: 'refresh_token is invalid or already used' };
    }
    this.oauthAccess = randomBytes(16).toString('hex');
    this.oauthRefresh = randomBytes(16).toString('hex');
    this.oauthAccessExpired = false;
    return {
      ok: true,
      answer: {
        access_token: this.oauthAccess,
        refresh_token: this.oauthRefresh,
        scope: ALL_SCOPES.join(','),
        team: this.team,
        token_type: 'Bearer',
        expires_in: '7200',
      },
    };
  }
}
