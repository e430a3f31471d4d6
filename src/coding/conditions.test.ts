import { expect } from 'chai';
import { codingDay, updatedFromDay } from './conditions.js';

describe('Coding date conditions', () => {
  it('count days in UTC+8, as Coding does', () => {
    // 2024-05-01 15:59:59.999 UTC is 23:59:59.999 in Shanghai; one millisecond later is the next day there.
    expect(codingDay(Date.UTC(2024, 4, 1, 15, 59, 59, 999))).to.equal('2024-05-01');
    expect(codingDay(Date.UTC(2024, 4, 1, 16, 0, 0, 0))).to.equal('2024-05-02');
  });

  it('write an open-ended UPDATED_AT range from the day of an instant', () => {
    expect(updatedFromDay(Date.UTC(2024, 4, 1, 16))).to.deep.equal({ Key: 'UPDATED_AT', Value: '2024-05-02_9999-12-31' });
  });

  it('clamp cursors beyond what a date can express instead of producing an invalid range', () => {
    expect(codingDay(9_999_999_999_999)).to.equal('2286-11-21');
    expect(codingDay(1e18)).to.equal('9999-12-31');
    expect(codingDay(Number.MAX_SAFE_INTEGER)).to.equal('9999-12-31');
  });
});
