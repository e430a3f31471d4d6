import { expect } from 'chai';
import { ConfigError } from '../errors.js';
import { resolveConfig } from './resolve-config.js';

const base = { team_name: 'acme', credentials: { auth_type: 'token', access_token: 'abcdef0123456789' } };

function errorOf(raw: unknown): string {
  try {
    resolveConfig(raw);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a config error');
}

describe('resolveConfig', () => {
  it('applies defaults and derives the API URL from the team', () => {
    const settings = resolveConfig(base);
    expect(settings.apiUrl).to.equal('https://acme.coding.net/open-api');
    expect(settings.authScheme).to.equal('token');
    expect(settings.projects).to.deep.equal([]);
    expect(settings.incrementalMode).to.equal('polling');
    expect(settings.issueDetails).to.equal(false);
    expect(settings.requestsPerSecond).to.equal(10);
    expect(settings.deletionSweepHours).to.equal(24);
    expect(settings.secrets).to.deep.equal(['abcdef0123456789']);
  });

  it('uses Bearer for OAuth tokens and keeps renewal credentials', () => {
    const settings = resolveConfig({ ...base, credentials: { auth_type: 'oauth2', access_token: 'at', refresh_token: 'rt', client_id: 'id', client_secret: 'cs' } });
    expect(settings.authScheme).to.equal('Bearer');
    expect(settings.oauthRefresh).to.deep.equal({ clientId: 'id', clientSecret: 'cs', refreshToken: 'rt' });
    expect(settings.secrets).to.include.members(['at', 'rt', 'cs']);
  });

  it('strips a "token " prefix pasted with the token', () => {
    expect(resolveConfig({ ...base, credentials: { auth_type: 'token', access_token: 'token abc123' } }).accessToken).to.equal('abc123');
  });

  for (const [what, token, kind] of [
    ['a line break', 'abcdef0123\n456789', 'a line break'],
    ['a non-ASCII character', 'abcdef0123é456789', 'a non-ASCII character'],
    ['a character beyond Latin-1', 'abcdef0123令456789', 'a non-ASCII character'],
    ['a space inside it', 'abcdef0123 456789', 'a space'],
    ['a control character', 'abcdef0123\u0000456789', 'a control character'],
  ] as const) {
    it(`refuses an access token with ${what}, naming credentials.access_token without quoting it`, () => {
      for (const auth_type of ['token', 'oauth2']) {
        const text = errorOf({ ...base, credentials: { auth_type, access_token: token } });
        expect(text).to.include('credentials.access_token').and.to.include(kind);
        expect(text).not.to.include('abcdef').and.not.to.include('456789');
      }
    });
  }

  it('refuses an access token that is only whitespace', () => {
    expect(errorOf({ ...base, credentials: { auth_type: 'token', access_token: ' \n ' } })).to.match(/credentials\.access_token is empty/);
  });

  it('parses start_date as an instant, a bare date being midnight UTC', () => {
    expect(resolveConfig({ ...base, start_date: '2024-01-01' }).startDate).to.equal(Date.UTC(2024, 0, 1));
    expect(resolveConfig({ ...base, start_date: '2024-01-01T08:00:00+08:00' }).startDate).to.equal(Date.UTC(2024, 0, 1));
  });

  it('names start_date when it is no calendar date', () => {
    expect(errorOf({ ...base, start_date: '2024-02-30' })).to.match(/^start_date has day 30/);
  });

  it('refuses a config nested deeper than any config needs, without overflowing the stack anywhere', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(errorOf({ ...base, extra: deep })).to.match(/nests objects or arrays more than 32 levels deep/);
    expect(errorOf({ ...base, credentials: { ...base.credentials, extra: deep } })).to.match(/more than 32 levels deep/);
    expect(resolveConfig({ ...base, extra: { a: { b: [[{ c: 1 }]] } } }).teamName).to.equal('acme');
  });

  it('names the missing field', () => {
    expect(errorOf({ credentials: base.credentials })).to.match(/team_name is required/);
    expect(errorOf({ team_name: 'acme' })).to.match(/credentials is required/);
    expect(errorOf({ ...base, credentials: { auth_type: 'token' } })).to.match(/credentials\.access_token is required/);
  });

  it('explains an unknown auth type instead of listing every oneOf branch', () => {
    const text = errorOf({ ...base, credentials: { auth_type: 'basic', access_token: 'x' } });
    expect(text).to.match(/credentials\.auth_type must be "token".*or "oauth2"/);
    expect(text).not.to.match(/oneOf\/1/);
  });

  it('names wrongly typed fields', () => {
    expect(errorOf({ ...base, projects: 'platform' })).to.match(/projects must be array/);
    expect(errorOf({ ...base, requests_per_second: 0 })).to.match(/requests_per_second must be > 0/);
    expect(errorOf({ ...base, incremental_mode: 'push' })).to.match(/incremental_mode must be equal to one of the allowed values/);
    expect(errorOf({ ...base, start_date: 'yesterday' })).to.match(/start_date must match pattern/);
    expect(errorOf({ ...base, api_url: 'ftp://x' })).to.match(/api_url must match pattern/);
    expect(errorOf([1])).to.match(/must contain a JSON object/);
  });

  it('takes deletion_sweep_hours as -1 (never), 0 (every sync) or hours, and nothing else', () => {
    expect([-1, 0, 0.5, 168].map((hours) => resolveConfig({ ...base, deletion_sweep_hours: hours }).deletionSweepHours)).to.deep.equal([-1, 0, 0.5, 168]);
    expect(errorOf({ ...base, deletion_sweep_hours: -0.5 })).to.match(/deletion_sweep_hours must be -1 \(never.*0 \(sweep on every sync\)/);
    expect(errorOf({ ...base, deletion_sweep_hours: -2 })).to.match(/deletion_sweep_hours must be >= -1/);
    expect(errorOf({ ...base, deletion_sweep_hours: '24' })).to.match(/deletion_sweep_hours must be number/);
  });

  it('requires a webhook store in webhook mode', () => {
    expect(errorOf({ ...base, incremental_mode: 'webhook' })).to.match(/webhook_store is required/);
  });

  it('never quotes a secret in its errors', () => {
    const token = 'ghp_supersecret_value_1234567890';
    const text = errorOf({ team_name: 5, credentials: { auth_type: 'token', access_token: token, extra: token }, webhook_secret: 42 });
    expect(text).not.to.include(token);
    expect(text).to.match(/team_name must be string/);
    expect(text).to.match(/webhook_secret must be string/);
  });
});
