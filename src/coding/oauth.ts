import got from 'got';
import { isObject } from '../json.js';
import { CodingAuthError } from './errors.js';

export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
}

/**
 * Renews an OAuth access token (grant_type=refresh_token). Coding invalidates the previous access and
 * refresh tokens when it issues new ones, so the caller must persist both.
 */
export async function refreshOAuthToken(
  apiUrl: string,
  credentials: { clientId: string; clientSecret: string; refreshToken: string },
): Promise<OAuthTokens> {
  const url = new URL('/api/oauth/access_token', apiUrl).toString();
  const failed = (why: string) =>
    new CodingAuthError('RefreshToken', 'AuthFailure', why, `The access token was rejected and renewing it failed (${why}). Re-authorize the connector in Coding to get new tokens.`, 'config_error');
  let body: unknown;
  try {
    body = await got
      .post(url, {
        form: {
          grant_type: 'refresh_token',
          refresh_token: credentials.refreshToken,
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
        },
        timeout: { request: 30_000 },
        retry: { limit: 2, methods: ['POST'] },
      })
      .json();
  } catch (error) {
    const status = (error as { response?: { statusCode?: number } }).response?.statusCode;
    throw failed(status ? `HTTP ${status}` : 'the token endpoint could not be reached');
  }
  if (!isObject(body) || typeof body.access_token !== 'string' || typeof body.refresh_token !== 'string') {
    throw failed('the token endpoint answered without new tokens');
  }
  return { accessToken: body.access_token, refreshToken: body.refresh_token };
}
