import { describe, expect, it } from 'vitest';
import { matchDeliveries, percentile, perRoundRatios, rate, summariseRuns } from './summary.js';

describe('delivery benchmark figures', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('matches acknowledged events with their first 200 and counts the missing', () => {
    const acks = new Map([
      ['a', 1000],
      ['b', 1000],
      ['c', 1010],
    ]);
    const matched = matchDeliveries(acks, [
      ['a', 1005],
      ['c', 1050],
      ['x', 2000],
    ]);
    expect(matched).toEqual({ missing: 1, latencies: [5, 40], firstAt: 1005, lastAt: 1050 });
  });

  it('rates events per second over wall-clock ms', () => {
    expect(rate(500, 1000, 1500)).toBe(1000);
  });

  it('summarises medians per kind and ratios per round', () => {
    const runs = [
      { kind: 'aerie', round: 1, eventsPerSecond: 50, p50Ms: 10 },
      { kind: 'base', round: 1, eventsPerSecond: 100 },
      { kind: 'aerie', round: 2, eventsPerSecond: 90, p50Ms: 30 },
      { kind: 'base', round: 2, eventsPerSecond: 300 },
      { kind: 'aerie', round: 3, eventsPerSecond: 60, p50Ms: 20 },
    ];
    expect(summariseRuns(runs)).toEqual([
      { kind: 'aerie', eventsPerSecond: 60, p50Ms: 20, p99Ms: undefined, runs: 3 },
      { kind: 'base', eventsPerSecond: 200, p50Ms: undefined, p99Ms: undefined, runs: 2 },
    ]);
    expect(perRoundRatios(runs, 'aerie', 'base')).toEqual([0.5, 0.3]);
  });
});
