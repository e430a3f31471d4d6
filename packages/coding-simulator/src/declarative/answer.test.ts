import { expect } from 'chai';
import { listAt, listPayload, totalsAt, totalsBeside } from './answer.js';

describe('where items and totals sit in the answer', () => {
  const items = ['a', 'b'];

  it('puts the list at its path and the totals beside it, totals first, under the declared names', () => {
    const answer = listAt(['Data', 'List'], totalsBeside({ PageNumber: 'pageNumber', PageSize: 'pageSize', TotalPage: 'totalPage', TotalCount: 'totalRow' }));
    const payload = listPayload(answer, items, { number: 2, size: 2, start: 2 }, 5);
    expect(payload).to.deep.equal({ Data: { PageNumber: 2, PageSize: 2, TotalPage: 3, TotalCount: 5, List: items } });
    expect(Object.keys(payload['Data'] as object)).to.deep.equal(['PageNumber', 'PageSize', 'TotalPage', 'TotalCount', 'List']);
  });

  it('puts totals in an object of their own when told where (DepotData.Page)', () => {
    const answer = listAt(['DepotData', 'Depots'], totalsAt(['DepotData', 'Page'], { PageNumber: 'pageNumber', PageSize: 'pageSize', TotalPage: 'totalPage', TotalRow: 'totalRow' }));
    expect(listPayload(answer, items, { number: 1, size: 10, start: 0 }, 2)).to.deep.equal({
      DepotData: { Page: { PageNumber: 1, PageSize: 10, TotalPage: 1, TotalRow: 2 }, Depots: items },
    });
  });

  it('puts a list without totals at the top level when its path is one key', () => {
    expect(listPayload(listAt(['IssueModules']), items, undefined, 2)).to.deep.equal({ IssueModules: items });
  });
});
