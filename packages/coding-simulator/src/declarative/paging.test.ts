import { expect } from 'chai';
import { ApiError } from '../envelope.js';
import { itemOffsetPaging, noPaging, offsetLimitPaging, pageNumberPaging, readPage } from './paging.js';
import { RequestParams } from './params.js';

const page = (paging: Parameters<typeof readPage>[0], body: Record<string, unknown>) => readPage(paging, new RequestParams(body));

function code(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
}

describe('paging shapes', () => {
  it('page-number: reads PageNumber and PageSize, also sent as numeric strings', () => {
    expect(page(pageNumberPaging(), { PageNumber: 3, PageSize: 50 })).to.deep.equal({ number: 3, size: 50, start: 100 });
    expect(page(pageNumberPaging(), { PageNumber: '3', PageSize: '50' })).to.deep.equal({ number: 3, size: 50, start: 100 });
  });

  it('page-number: requires both parameters unless declared optional', () => {
    expect(code(() => page(pageNumberPaging(), { PageSize: 5 }))).to.equal('MissingParameter');
    expect(code(() => page(pageNumberPaging(), { PageNumber: 1 }))).to.equal('MissingParameter');
    expect(page(pageNumberPaging({ required: false, defaultSize: 10 }), {})).to.deep.equal({ number: 1, size: 10, start: 0 });
  });

  it('reads a page number below 1 as page 1, and a page size of 0 as the default', () => {
    expect(page(pageNumberPaging(), { PageNumber: 0, PageSize: 0 })).to.deep.equal({ number: 1, size: 20, start: 0 });
    expect(page(pageNumberPaging(), { PageNumber: -4, PageSize: 5 })).to.deep.equal({ number: 1, size: 5, start: 0 });
  });

  it('refuses a page size above the maximum, or negative, with InvalidParameterValue', () => {
    expect(code(() => page(pageNumberPaging({ maxSize: 100 }), { PageNumber: 1, PageSize: 101 }))).to.equal('InvalidParameterValue');
    expect(page(pageNumberPaging({ maxSize: 100 }), { PageNumber: 1, PageSize: 100 })).to.deep.equal({ number: 1, size: 100, start: 0 });
    expect(code(() => page(pageNumberPaging(), { PageNumber: 1, PageSize: -1 }))).to.equal('InvalidParameterValue');
  });

  it('offset/limit: Offset is a 1-based page number and Limit the size, both optional', () => {
    expect(page(offsetLimitPaging(), { Offset: 2, Limit: 4 })).to.deep.equal({ number: 2, size: 4, start: 4 });
    expect(page(offsetLimitPaging({ defaultSize: 20, maxSize: 1000 }), {})).to.deep.equal({ number: 1, size: 20, start: 0 });
    expect(page(offsetLimitPaging({ maxSize: 1000 }), { Limit: '1000' })).to.deep.equal({ number: 1, size: 1000, start: 0 });
  });

  it('item-offset: Offset counts items from 0 and Limit is the size, both optional', () => {
    expect(page(itemOffsetPaging(), { Offset: 6, Limit: 4 })).to.deep.equal({ number: 2, size: 4, start: 6 });
    expect(page(itemOffsetPaging({ defaultSize: 20 }), {})).to.deep.equal({ number: 1, size: 20, start: 0 });
    expect(page(itemOffsetPaging(), { Offset: -3, Limit: '1000' })).to.deep.equal({ number: 1, size: 1000, start: 0 });
    expect(code(() => page(itemOffsetPaging(), { Limit: 1001 }))).to.equal('InvalidParameterValue');
  });

  it('none: asks for no page at all', () => {
    expect(page(noPaging(), { PageNumber: 2, PageSize: 1 })).to.equal(undefined);
  });
});
