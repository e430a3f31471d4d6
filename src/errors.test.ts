import { expect } from 'chai';
import { ConfigError, SystemError, TransientError, failureTypeOf } from './errors.js';

describe('failure classification', () => {
  it('tells each typed error by the failure type it carries', () => {
    expect(failureTypeOf(new ConfigError('x'))).to.equal('config_error');
    expect(failureTypeOf(new TransientError('x'))).to.equal('transient_error');
    expect(failureTypeOf(new SystemError('x'))).to.equal('system_error');
  });
  it('treats anything that is not ours as a system error', () => {
    expect(failureTypeOf(new Error('boom'))).to.equal('system_error');
    expect(failureTypeOf('a string')).to.equal('system_error');
  });
});
