import { expect } from 'chai';
import { CodingResponseError } from '../coding/errors.js';
import { scriptedClient } from '../test-support/scripted-client.js';
import { testRunContext } from '../test-support/run-context.js';
import { iterations } from '../streams/iterations.js';
import { issues } from '../streams/issues.js';
import { listAll, listPartition } from './listing.js';

const partition = { teamName: 'acme', project: { name: 'platform', id: 1 }, parent: undefined, key: 'platform' };

/** DescribeIterationList answers over `count` iterations, reporting `reported` as the total. */
function iterationPages(count: number, reported: number) {
  return scriptedClient((_action, params) => {
    const page = Number(params.Offset);
    const size = Number(params.Limit);
    const list = Array.from({ length: count }, (_, i) => ({ Code: i + 1, Name: `Sprint ${i + 1}` })).slice((page - 1) * size, page * size);
    return { Data: { Page: page, PageSize: size, TotalPage: 1, TotalRow: reported, List: list } };
  });
}

describe('listPartition: the one way a listing is read', () => {
  it('asks for the next page after a full one even when Coding understates the total, and says so', async () => {
    const client = iterationPages(608, 1);
    const ctx = testRunContext(client);
    const items = await listAll(ctx, iterations, partition);
    expect(items).to.have.length(608);
    expect(client.calls).to.have.length(2);
    expect(ctx.logs.filter((l) => l.level === 'WARN').map((l) => l.text)).to.deep.equal(['iterations of platform: Coding reported 1 item(s) but listed 608.']);
  });

  it('stops on a short page without a warning when the total is right', async () => {
    const ctx = testRunContext(iterationPages(608, 608));
    expect(await listAll(ctx, iterations, partition)).to.have.length(608);
    expect(ctx.logs).to.deep.equal([]);
  });

  for (const [what, code] of [['a non-numeric Code', 'X12'], ['no Code', undefined], ['a negative Code', -3]] as const) {
    it(`fails with a system error on an item with ${what}, rather than key it "undefined" or checkpoint past it`, async () => {
      const client = scriptedClient(() => ({ Data: { PageNumber: 1, PageSize: 500, TotalCount: 2, List: [{ Code: 1, UpdatedAt: 5 }, { Code: code, UpdatedAt: 6 }] } }));
      let caught: unknown;
      try {
        for await (const page of listPartition(testRunContext(client), issues, partition)) void page;
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(CodingResponseError);
      expect((caught as CodingResponseError).failureType).to.equal('system_error');
      expect((caught as Error).message).to.match(/issues stream cannot key/);
    });
  }
});
