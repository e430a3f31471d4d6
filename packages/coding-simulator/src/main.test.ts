import { expect } from 'chai';
import { main } from './main.js';
import { call } from './test-support/api.js';

describe('the simulator CLI', () => {
  it('starts with the given options and prints the api_url, token and a working connector config', async () => {
    let printed = '';
    const sim = await main(['--port', '0', '--seed', '7', '--projects', '1', '--issues', '12', '--team', 'demo'], (t) => {
      printed += t;
    });
    try {
      expect(sim.projectNames()).to.deep.equal(['platform']);
      expect(sim.issueCodes('platform')).to.have.length(12);
      expect(printed).to.include(sim.apiUrl).and.include(sim.tokens.personal);
      const json = printed.slice(printed.indexOf('{'));
      const config = JSON.parse(json) as { team_name: string; api_url: string; credentials: { auth_type: string; access_token: string } };
      expect(config).to.deep.equal({ team_name: 'demo', api_url: sim.apiUrl, credentials: { auth_type: 'token', access_token: sim.tokens.personal } });
      const me = await call(sim, 'DescribeCodingCurrentUser', {}, { authorization: `token ${config.credentials.access_token}` });
      expect(me.Error).to.equal(undefined);
    } finally {
      await sim.close();
    }
  });
});
