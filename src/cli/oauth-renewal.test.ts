import { expect } from 'chai';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { ofType, runCli, tempFiles, type CliRun } from '../test-support/cli-runner.js';

interface Credentials {
  auth_type: string;
  access_token: string;
  refresh_token: string;
  client_id: string;
  client_secret: string;
}

const issuesCatalog = {
  streams: [{ stream: { name: 'issues', json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] }, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' }],
};

describe('read with an OAuth token that expires while detail calls are in flight', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 40 } });
  });
  after(() => sim.close());

  async function read(credentials: Credentials): Promise<CliRun> {
    const config = { team_name: sim.team, api_url: sim.apiUrl, credentials, requests_per_second: 100, issue_details: true };
    const files = await tempFiles({ 'config.json': config, 'catalog.json': issuesCatalog });
    return runCli(['read', '--config', files['config.json'] ?? '', '--catalog', files['catalog.json'] ?? '']);
  }
  const updatesOf = (run: CliRun) => ofType(run.messages, 'CONTROL').map((m) => (m.control as { connectorConfig: { config: { credentials: Credentials } } }).connectorConfig.config.credentials);

  it('renews once, hands the working tokens to the platform in one config update, and the next sync works with them', async () => {
    const { clientId, clientSecret, refreshToken } = sim.tokens.oauthClient;
    const credentials: Credentials = { auth_type: 'oauth2', access_token: sim.tokens.oauth, refresh_token: refreshToken, client_id: clientId, client_secret: clientSecret };
    // At 100 requests/s, 120 ms of latency keeps as many detail calls in flight as the connector allows (8)
    // when the token expires under them.
    sim.setLatency(120);
    let details = 0;
    const stop = sim.onRequest((req) => {
      if (req.action === 'DescribeIssue' && ++details === 10) sim.oauth.expireAccessToken();
    });
    const before = sim.oauth.refreshRequests;
    let run: CliRun;
    try {
      run = await read(credentials);
    } finally {
      stop();
      sim.setLatency(0);
    }
    expect(run.code, run.stderr).to.equal(0);
    expect(ofType(run.messages, 'RECORD')).to.have.length(sim.issueCodes('platform').length);
    expect(sim.oauth.refreshRequests - before).to.equal(1);
    const updates = updatesOf(run);
    expect(updates).to.have.length(1);
    expect(updates[0]).to.deep.include({ access_token: sim.tokens.oauth, refresh_token: sim.tokens.oauthClient.refreshToken });

    // The platform stores the update and starts the next sync with it, as Airbyte does.
    const next = await read(updates[0] as Credentials);
    expect(next.code, next.stderr).to.equal(0);
    expect(ofType(next.messages, 'RECORD')).to.have.length(sim.issueCodes('platform').length);
    expect(updatesOf(next)).to.deep.equal([]);
  });
});
