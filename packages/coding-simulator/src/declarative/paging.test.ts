import { expect } from 'chai';
import { ApiError } from '../envelope.js';
import { noPaging, offsetLimitPaging, pageNumberPaging, readPage } from './paging.js';
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
    expect(page(pageNumberPaging(), { PageNumber: 3, PageSize: 50 })).to.deep.equal({ number: 3, size: 50 });
    expect(page(pageNumberPaging(), { PageNumber: '3', PageSize: '50' })).to.deep.equal({ number: 3, size: 50 });
  });

  it('page-number: requires both parameters unless declared optional', () => {
    expect(code(() => page(pageNumberPaging(), { PageSize: 5 }))).to.equal('MissingParameter');
    expect(code(() => page(pageNumberPaging(), { PageNumber: 1 }))).to.equal('MissingParameter');
    expect(page(pageNumberPaging({ required: false, defaultSize: 10 }), {})).to.deep.equal({ number: 1, size: 10 });
  });

  it('reads a page number below 1 as page 1, and a page size of 0 as the default', () => {
    expect(page(pageNumberPaging(), { PageNumber: 0, PageSize: 0 })).to.deep.equal({ number: 1, size: 20 });
    expect(page(pageNumberPaging(), { PageNumber: -4, PageSize: 5 })).to.deep.equal({ number: 1, size: 5 });
  });

  it('refuses a page size above the maximum, or negative, with InvalidParameterValue', () => {
    expect(code(() => page(pageNumberPaging({ maxSize: 100 }), { PageNumber: 1, PageSize: 101 }))).to.equal('InvalidParameterValue');
    expect(page(pageNumberPaging({ maxSize: 100 }), { PageNumber: 1, PageSize: 100 })).to.deep.equal({ number: 1, size: 100 });
    expect(code(() => page(pageNumberPaging(), { PageNumber: 1, PageSize: -1 }))).to.equal('InvalidParameterValue');
  });

  it('offset/limit: Offset is a 1-based page number and Limit the size, both optional', () => {
    expect(page(offsetLimitPaging(), { Offset: 2, Limit: 4 })).to.deep.equal({ number: 2, size: 4 });
    expect(page(offsetLimitPaging({ defaultSize: 20, maxSize: 1000 }), {})).to.deep.equal({ number: 1, size: 20 });
    expect(page(offsetLimitPaging({ maxSize: 1000 }), { Limit: '1000' })).to.deep.equal({ number: 1, size: 1000 });
  });

  it('none: asks for no page at all', () => {
    expect(page(noPaging(), { PageNumber: 2, PageSize: 1 })).to.equal(undefined);
  });
});
