import { describe, expect, it } from 'vitest';
import type { ReportBatchResult, ReportInput } from '../../server/contract/driver.js';
import { FIRST_RETRY_MS, MAX_RETRY_MS, QUEUE_STORAGE_KEY, ReportQueue, type SendFailure } from '../src/offline/report-queue.js';

/** An in-memory `localStorage`. */
function memoryStorage(): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (key) => data.get(key) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (key) => void data.delete(key),
    setItem: (key, value) => void data.set(key, value),
  };
}

const report = (n: number, overrides: Partial<ReportInput> = {}): ReportInput => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  planId: 'plan-1',
  routeId: 'route-1',
  stepIndex: n,
  outcome: 'collected',
  at: `2026-12-03T08:${String(n).padStart(2, '0')}:00.000Z`,
  ...overrides,
});

class NetworkDown extends Error {}
class Refused extends Error {}

/** A fake server: stores reports by id, answers duplicates, can be switched off. */
function fakeServer() {
  const stored = new Map<string, ReportInput>();
  const batches: string[][] = [];
  const state = { down: false, refuse: new Set<string>() };
  const send = async (reports: ReportInput[]): Promise<ReportBatchResult> => {
    batches.push(reports.map((r) => r.id));
    if (state.down) throw new NetworkDown('offline');
    if (reports.some((r) => state.refuse.has(r.id))) throw new Refused('conflict');
    return {
      results: reports.map((r) => {
        const known = stored.has(r.id);
        stored.set(r.id, r);
        return { id: r.id, status: known ? ('duplicate' as const) : ('created' as const) };
      }),
    };
  };
  const classify = (error: unknown): SendFailure => (error instanceof Refused ? { kind: 'refused', code: 'conflict', message: 'refused' } : { kind: 'retry' });
  return { stored, batches, state, send, classify };
}

/** Timers that run only when the test says so. */
function manualTimers() {
  const waiting: { callback: () => void; ms: number }[] = [];
  return {
    waiting,
    setTimer: (callback: () => void, ms: number) => {
      const entry = { callback, ms };
      waiting.push(entry);
      return entry;
    },
    clearTimer: (handle: unknown) => {
      const i = waiting.indexOf(handle as (typeof waiting)[number]);
      if (i >= 0) waiting.splice(i, 1);
    },
    fire: () => waiting.shift()?.callback(),
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('the tablet’s report queue', () => {
  it('sends reports in the order they were made and empties itself', async () => {
    const server = fakeServer();
    const queue = new ReportQueue({ storage: memoryStorage(), send: server.send, classify: server.classify });
    server.state.down = true;
    queue.add(report(1));
    queue.add(report(2));
    queue.add(report(3));
    await settle();
    expect(queue.pending.map((r) => r.stepIndex)).toEqual([1, 2, 3]);
    server.state.down = false;
    queue.online();
    await settle();
    expect(queue.pending).toEqual([]);
    expect(server.batches.at(-1)).toEqual([report(1).id, report(2).id, report(3).id]);
  });

  it('writes each report to storage before sending, so a reload finds the queue', async () => {
    const storage = memoryStorage();
    const server = fakeServer();
    server.state.down = true;
    const first = new ReportQueue({ storage, send: server.send, classify: server.classify, ...manualTimers() });
    first.add(report(1));
    first.add(report(2));
    await settle();
    expect(JSON.parse(storage.getItem(QUEUE_STORAGE_KEY)!).pending.map((r: ReportInput) => r.id)).toEqual([report(1).id, report(2).id]);
    // the page reloads: a new queue reads the same storage
    server.state.down = false;
    const second = new ReportQueue({ storage, send: server.send, classify: server.classify });
    expect(second.pending.map((r) => r.id)).toEqual([report(1).id, report(2).id]);
    await second.flush();
    expect(second.pending).toEqual([]);
    expect(JSON.parse(storage.getItem(QUEUE_STORAGE_KEY)!).pending).toEqual([]);
    expect(server.stored.size).toBe(2);
  });

  it('retries with a doubling delay up to the longest one, and at once when the network is back', async () => {
    const server = fakeServer();
    const timers = manualTimers();
    const queue = new ReportQueue({ storage: null, send: server.send, classify: server.classify, ...timers });
    server.state.down = true;
    queue.add(report(1));
    await settle();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      delays.push(timers.waiting[0]!.ms);
      timers.fire();
      await settle();
    }
    expect(delays).toEqual([FIRST_RETRY_MS, 2_000, 4_000, 8_000, 16_000, 32_000, MAX_RETRY_MS, MAX_RETRY_MS]);
    expect(queue.waitingToRetry).toBe(true);
    server.state.down = false;
    queue.online();
    await settle();
    expect(queue.pending).toEqual([]);
    expect(queue.waitingToRetry).toBe(false);
  });

  it('keeps the tablet-made id, so a report re-sent after a lost answer is stored once', async () => {
    const storage = memoryStorage();
    const server = fakeServer();
    const queue = new ReportQueue({ storage, send: server.send, classify: server.classify });
    const saved = JSON.stringify({ pending: [report(1), report(2)], refused: [] });
    queue.add(report(1));
    queue.add(report(2));
    await settle();
    await queue.flush();
    expect(server.stored.size).toBe(2);
    // the same queue replayed (the answer was lost, the tablet restored an older copy)
    storage.setItem(QUEUE_STORAGE_KEY, saved);
    const replay = new ReportQueue({ storage, send: server.send, classify: server.classify });
    await replay.flush();
    expect(replay.pending).toEqual([]);
    expect(server.stored.size).toBe(2);
    // adding the very same report twice queues it once
    const again = new ReportQueue({ storage: null, send: server.send, classify: server.classify });
    server.state.down = true;
    again.add(report(5));
    again.add(report(5));
    await settle();
    expect(again.pending.length).toBe(1);
  });

  it('moves a refused report to the refused list and sends the others', async () => {
    const storage = memoryStorage();
    const server = fakeServer();
    server.state.down = true;
    const queue = new ReportQueue({ storage, send: server.send, classify: server.classify, ...manualTimers() });
    queue.add(report(1));
    queue.add(report(2));
    queue.add(report(3));
    await settle();
    server.state.down = false;
    server.state.refuse.add(report(2).id);
    queue.online();
    await settle();
    await settle();
    expect(queue.pending).toEqual([]);
    expect(queue.refused.map((r) => r.report.id)).toEqual([report(2).id]);
    expect([...server.stored.keys()]).toEqual([report(1).id, report(3).id]);
    const reloaded = new ReportQueue({ storage, send: server.send, classify: server.classify });
    expect(reloaded.refused.length).toBe(1);
    reloaded.dismissRefused();
    expect(new ReportQueue({ storage, send: server.send, classify: server.classify }).refused).toEqual([]);
  });

  it('stops on a lost session without dropping anything', async () => {
    const timers = manualTimers();
    let calls = 0;
    const queue = new ReportQueue({
      storage: null,
      send: async () => {
        calls += 1;
        throw new Error('401');
      },
      classify: () => ({ kind: 'unauthenticated' }),
      ...timers,
    });
    queue.add(report(1));
    await settle();
    expect(calls).toBe(1);
    expect(queue.pending.length).toBe(1);
    expect(timers.waiting).toEqual([]);
  });

  it('reads a storage holding something else as an empty queue', () => {
    const storage = memoryStorage();
    storage.setItem(QUEUE_STORAGE_KEY, 'not json');
    expect(new ReportQueue({ storage, send: fakeServer().send, classify: fakeServer().classify }).pending).toEqual([]);
  });
});
