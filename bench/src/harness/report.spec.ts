import { describe, expect, it } from 'vitest';
import { roundRatios, summarise, type RunRecord } from './report.js';
import { median } from './stats.js';

const run = (target: string, round: number, events: number, p50Us = 1000): RunRecord => ({
  mode: 'single',
  target,
  round,
  wrk: {
    durationUs: 1e6,
    requests: events,
    ok: events,
    other: 0,
    events,
    p50Us,
    p99Us: 2 * p50Us,
    socketErrors: 0,
    timeouts: 0,
  },
  stored: events,
  lost: 0,
  unacknowledged: 0,
  durable: true,
});

describe('report', () => {
  it('takes medians', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('summarises per target and compares rounds pairwise', () => {
    const records = [
      run('Aerie', 1, 500),
      run('baseline', 1, 1000),
      run('Aerie', 2, 900),
      run('baseline', 2, 1000),
      run('Aerie', 3, 700),
      run('baseline', 3, 1400),
    ];
    expect(roundRatios(records, 'single', 'Aerie', 'baseline')).toEqual([0.5, 0.9, 0.5]);
    const aerie = summarise(records).find((s) => s.target === 'Aerie');
    expect(aerie?.eventsPerSecond).toBe(700);
    expect(aerie?.p50Ms).toBe(1);
  });
});
