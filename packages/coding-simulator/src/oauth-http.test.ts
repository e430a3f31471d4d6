import { expect } from 'chai';
import { startSimulator, type Simulator } from './index.js';
import { call } from './test-support/api.js';

describe('OAuth token refresh', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 5 } });
  });
  afterEach(() => sim.close());

  const refresh = (form: Record<string, string>, inQuery = false): Promise<Response> => {
    const encoded = new URLSearchParams(form).toString();
    return fetch(`${sim.origin}/api/oauth/access_token${inQuery ? `?${encoded}` : ''}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: inQuery ? '' : encoded,
    });
  };
  const grant = (): Record<string, string> => ({
    grant_type: 'refresh_token',
    refresh_token: sim.tokens.oauthClient.refreshToken,
    client_id: sim.tokens.oauthClient.clientId,
    client_secret: sim.tokens.oauthClient.clientSecret,
  });

  it('issues a new token pair and invalidates the old access and refresh tokens', async () => {
    const oldAccess = sim.tokens.oauth;
    const oldGrant = grant();
    const res = await refresh(oldGrant);
    expect(res.status).to.equal(200);
    const answer = (await res.json()) as Record<string, unknown>;
    expect(answer).to.have.keys('access_token', 'refresh_token', 'scope', 'team', 'token_type', 'expires_in');
    expect(answer).to.include({ token_type: 'Bearer', expires_in: '7200', team: 'acme' });
    expect(answer['access_token']).to.be.a('string').and.not.equal(oldAccess);
    expect(sim.tokens.oauth).to.equal(answer['access_token']);

    const withOld = await call(sim, 'DescribeCodingCurrentUser', {}, { authorization: `Bearer ${oldAccess}` });
    expect(withOld.Error).to.deep.equal({ Code: 'AuthFailure', Message: 'User not found, authorization invalid' });
    const withNew = await call(sim, 'DescribeCodingCurrentUser', {}, { authorization: `Bearer ${String(answer['access_token'])}` });
    expect(withNew.Error).to.equal(undefined);

    const reuse = await refresh(oldGrant);
    expect(reuse.status).to.equal(400);
    expect(await reuse.json()).to.include({ error: 'invalid_grant' });
  });

  it('accepts the parameters in the query string, as tapdata sends them', async () => {
    const res = await refresh(grant(), true);
    expect(res.status).to.equal(200);
  });

  it('refuses a wrong client secret and an unsupported grant', async () => {
    expect(await (await refresh({ ...grant(), client_secret: 'nope' })).json()).to.include({ error: 'invalid_client' });
    expect(await (await refresh({ ...grant(), grant_type: 'password' })).json()).to.include({ error: 'unsupported_grant_type' });
    // Nothing was refreshed by the failures.
    expect((await call(sim, 'DescribeCodingCurrentUser', {}, { authorization: `Bearer ${sim.tokens.oauth}` })).Error).to.equal(undefined);
  });

  it('expires the access token on demand: refused until a refresh, which still works, and counts refreshes', async () => {
    const expired = sim.tokens.oauth;
    sim.oauth.expireAccessToken();
    expect((await call(sim, 'DescribeCodingCurrentUser', {}, { authorization: `Bearer ${expired}` })).Error).to.include({ Code: 'AuthFailure' });
    expect(sim.oauth.refreshRequests).to.equal(0);

    expect((await refresh(grant())).status).to.equal(200);
    expect((await refresh({ ...grant(), refresh_token: 'already-used' })).status).to.equal(400);
    expect(sim.oauth.refreshRequests).to.equal(2);
    expect((await call(sim, 'DescribeCodingCurrentUser', {}, { authorization: `Bearer ${sim.tokens.oauth}` })).Error).to.equal(undefined);
  });
});
