import { expect } from 'chai';
import { ConfigError } from '../../errors.js';
import type { EventStore, RetentionOptions } from '../store/event-store.js';
import { collect, sampleEvent, sleep } from './sample-events.js';

/** Opens the store under test at one location (fresh per test), as often as a test asks. */
export interface StoreFixture {
  open(retention?: Partial<RetentionOptions>): Promise<EventStore>;
  cleanup(): Promise<void>;
}

const generous: RetentionOptions = { maxAgeMs: 7 * 24 * 3600 * 1000, maxBytes: 1024 * 1024 * 1024 };

/**
 * What every EventStore promises, run against each implementation, so that the receiver and the
 * webhook reader can rely on the same behaviour whichever store the user picked.
 */
export function describeEventStoreContract(name: string, newFixture: () => Promise<StoreFixture>): void {
  describe(`${name}: the event store contract`, function () {
    let fixture: StoreFixture;
    const opened: EventStore[] = [];
    const open = async (retention: Partial<RetentionOptions> = {}): Promise<EventStore> => {
      const store = await fixture.open({ ...generous, ...retention });
      opened.push(store);
      return store;
    };

    beforeEach(async () => {
      fixture = await newFixture();
    });
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
      await fixture.cleanup();
    });

    it('passes a write probe, reports the events it retains, and has no failure that needs a restart', async () => {
      const store = await open();
      await store.probe();
      expect(await store.retained()).to.include({ events: 0 });
      await store.append(sampleEvent());
      await store.append(sampleEvent());
      const size = await store.retained();
      expect(size.events).to.equal(2);
      expect(size.bytes).to.be.greaterThan(0);
      expect(store.fatalError()).to.equal(null);
    });

    it('starts empty, with an id, no head, and covering the whole log', async () => {
      const store = await open();
      expect(await store.id()).to.match(/^[0-9a-f-]{36}$/);
      expect(await store.head()).to.equal(null);
      expect(await store.covers(null)).to.equal(true);
      expect(await collect(store.read(null))).to.deep.equal([]);
    });

    it('keeps its id across a reopen', async () => {
      const first = await open();
      const id = await first.id();
      await first.append(sampleEvent());
      await first.close();
      expect(await (await open()).id()).to.equal(id);
    });

    it('reads back what was appended, in order, every field intact', async () => {
      const store = await open();
      const events = [
        sampleEvent({ event: 'ISSUE_CREATED', body: '{"event":"ISSUE_CREATED","issue":{"code":1},"project":{"name":"演示"}}', projectName: '演示' }),
        sampleEvent({ event: 'MEMBER_DELETED', receivedAt: 1714492800123 }),
        sampleEvent({ event: 'ITERATION_UPDATED', body: JSON.stringify({ text: 'x'.repeat(100_000) }) }),
      ];
      const results = [];
      for (const event of events) results.push(await store.append(event));
      const read = await collect(store.read(null));
      expect(read.map(({ offset, ...event }) => event)).to.deep.equal(events);
      expect(read.map((e) => e.offset)).to.deep.equal(results.map((r) => r.offset));
      expect(results.every((r) => !r.duplicate)).to.equal(true);
      expect(await store.head()).to.equal(results[2]!.offset);
    });

    it('reads only the events after a given offset', async () => {
      const store = await open();
      const offsets = [];
      for (let i = 0; i < 5; i += 1) offsets.push((await store.append(sampleEvent({ deliveryId: `d${i}` }))).offset);
      expect((await collect(store.read(offsets[1]!))).map((e) => e.deliveryId)).to.deep.equal(['d2', 'd3', 'd4']);
      expect(await collect(store.read(offsets[4]!))).to.deep.equal([]);
    });

    it('stores a delivery once when it comes twice, answering the first offset', async () => {
      const store = await open();
      const event = sampleEvent();
      const first = await store.append(event);
      const again = await store.append({ ...event, receivedAt: event.receivedAt + 1000 });
      expect(again).to.deep.equal({ offset: first.offset, duplicate: true });
      expect(await collect(store.read(null))).to.have.length(1);
    });

    it('stores a delivery once when two appends of it race', async () => {
      const store = await open();
      const event = sampleEvent();
      const results = await Promise.all([store.append(event), store.append(event), store.append(event)]);
      expect(new Set(results.map((r) => r.offset)).size).to.equal(1);
      expect(results.filter((r) => !r.duplicate)).to.have.length(1);
      expect(await collect(store.read(null))).to.have.length(1);
    });

    it('stores every one of many concurrent appends, each at its own offset', async () => {
      const store = await open();
      const events = Array.from({ length: 300 }, (_, i) => sampleEvent({ deliveryId: `c${i}` }));
      const results = await Promise.all(events.map((e) => store.append(e)));
      expect(new Set(results.map((r) => r.offset)).size).to.equal(300);
      const read = await collect(store.read(null));
      expect(read.map((e) => e.deliveryId).sort()).to.deep.equal(events.map((e) => e.deliveryId).sort());
      const byId = new Map(results.map((r, i) => [events[i]!.deliveryId, r.offset]));
      for (const event of read) expect(event.offset).to.equal(byId.get(event.deliveryId));
    });

    it('remembers its events and its deliveries across a reopen', async () => {
      const first = await open();
      const event = sampleEvent();
      const stored = await first.append(event);
      await first.close();
      const second = await open();
      expect(await second.head()).to.equal(stored.offset);
      expect(await second.append(event)).to.deep.equal({ offset: stored.offset, duplicate: true });
      const next = await second.append(sampleEvent());
      expect((await collect(second.read(stored.offset))).map((e) => e.offset)).to.deep.equal([next.offset]);
    });

    it('lets a read run while appends go on, and sees a gap-free prefix', async () => {
      const store = await open();
      for (let i = 0; i < 50; i += 1) await store.append(sampleEvent({ deliveryId: `a${i}` }));
      const seen: string[] = [];
      const appending = (async () => {
        for (let i = 50; i < 150; i += 1) await store.append(sampleEvent({ deliveryId: `a${i}` }));
      })();
      for await (const event of store.read(null)) seen.push(event.deliveryId);
      await appending;
      expect(seen.length).to.be.at.least(50);
      expect(seen).to.deep.equal(Array.from({ length: seen.length }, (_, i) => `a${i}`));
      expect(await collect(store.read(null))).to.have.length(150);
    });

    it('drops events older than the age limit, and then covers only offsets after them', async () => {
      const store = await open({ maxAgeMs: 400 });
      const old = [];
      for (let i = 0; i < 3; i += 1) old.push(await store.append(sampleEvent({ deliveryId: `old${i}` })));
      await sleep(600);
      const fresh = [];
      for (let i = 0; i < 3; i += 1) fresh.push(await store.append(sampleEvent({ deliveryId: `new${i}` })));
      expect(await store.covers(old[0]!.offset)).to.equal(true);
      await store.applyRetention();
      expect((await collect(store.read(null))).map((e) => e.deliveryId)).to.deep.equal(['new0', 'new1', 'new2']);
      expect(await store.covers(null)).to.equal(false);
      expect(await store.covers(old[0]!.offset)).to.equal(false);
      expect(await store.covers(old[2]!.offset)).to.equal(true);
      expect(await store.covers(fresh[2]!.offset)).to.equal(true);
      expect(await store.head()).to.equal(fresh[2]!.offset);
    });

    it('drops the oldest events past the size budget and keeps the newest', async () => {
      const store = await open({ maxBytes: 8 * 1024 });
      const results = [];
      for (let i = 0; i < 60; i += 1) results.push(await store.append(sampleEvent({ deliveryId: `s${i}`, body: JSON.stringify({ pad: 'p'.repeat(600), i }) })));
      await store.applyRetention();
      const kept = (await collect(store.read(null))).map((e) => e.deliveryId);
      expect(kept.length).to.be.within(1, 59);
      expect(kept.at(-1)).to.equal('s59');
      expect(kept).to.deep.equal(Array.from({ length: kept.length }, (_, i) => `s${60 - kept.length + i}`));
      expect(await store.covers(null)).to.equal(false);
      expect(await store.covers(results[0]!.offset)).to.equal(false);
      expect(await store.covers(results[59]!.offset)).to.equal(true);
    });

    it('does not cover an offset past its head', async () => {
      const store = await open();
      const first = await store.append(sampleEvent());
      await store.close();
      const other = await fixture.open(generous);
      opened.push(other);
      expect(await other.covers(first.offset)).to.equal(true);
      const empty = await newFixture();
      try {
        const fresh = await empty.open(generous);
        expect(await fresh.covers(first.offset)).to.equal(false);
        await fresh.close();
      } finally {
        await empty.cleanup();
      }
    });

    it('refuses an offset it could not have given out', async () => {
      const store = await open();
      await store.append(sampleEvent());
      let error: unknown;
      try {
        await collect(store.read('not-an-offset'));
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(ConfigError);
      let coversError: unknown;
      await store.covers('not-an-offset').catch((caught: unknown) => (coversError = caught));
      expect(coversError).to.be.instanceOf(ConfigError);
    });
  });
}
