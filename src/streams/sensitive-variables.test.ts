import { expect } from 'chai';
import { withoutSensitiveValues } from './sensitive-variables.js';

describe('withoutSensitiveValues: the value of a sensitive CI variable never leaves the connector', () => {
  it('keeps the name and the flag of a sensitive variable, its value null, and plain variables as they are', () => {
    const job = { Id: 1, EnvList: [{ Name: 'TOKEN', Value: 'dpl_0123', Sensitive: true, Description: 'the deploy token dpl_0123' }, { Name: 'REGION', Value: 'ap-shanghai', Sensitive: false }] };
    expect(withoutSensitiveValues(job)).to.deep.equal({ Id: 1, EnvList: [{ Name: 'TOKEN', Sensitive: true, Value: null }, { Name: 'REGION', Value: 'ap-shanghai', Sensitive: false }] });
  });

  it('reads every form Coding may write the flag in (its spelling is INFERRED)', () => {
    for (const flag of [true, 'true', 'TRUE', 1, '1']) {
      expect(withoutSensitiveValues({ EnvList: [{ Name: 'K', Value: 'secret-value', Sensitive: flag }] }).EnvList).to.deep.equal([{ Name: 'K', Sensitive: true, Value: null }]);
    }
    for (const flag of [false, 'false', 0, null, undefined]) {
      expect(JSON.stringify(withoutSensitiveValues({ EnvList: [{ Name: 'K', Value: 'plain', Sensitive: flag }] }))).to.include('plain');
    }
  });

  it('drops entries that are not objects, and leaves records without a list alone', () => {
    expect(withoutSensitiveValues({ EnvList: ['TOKEN=secret-value', { Name: 'A', Value: 'b', Sensitive: false }] }).EnvList).to.deep.equal([{ Name: 'A', Value: 'b', Sensitive: false }]);
    const record = { Id: 2, EnvList: null };
    expect(withoutSensitiveValues(record)).to.equal(record);
  });
});
