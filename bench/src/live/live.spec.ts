import { describe, expect, it } from 'vitest';
import { marker, markersIn } from './marker.js';
import type { Sent } from './sender.js';
import { ackStats, deltaStats, latencyTable, pageBusy, pathStats, rateFigure } from './summary.js';

describe('markers', () => {
  it('are found in text, whatever surrounds them', () => {
    const a = marker('00ab12', 7);
    const b = marker('00ab12', 123456);
    expect(a).toBe('lb-00ab12-000007');
    expect(markersIn(`${a} 10:00:00: Notice shell (x)${b}`)).toEqual([a, b]);
    expect(markersIn('lb-00ab12-12 lb-XYZ-000001')).toEqual([]);
    expect(() => marker('nothex', 1)).toThrow(RangeError);
  });
});

describe('latency figures', () => {
  const sent: Sent[] = Array.from({ length: 100 }, (_, i) => ({
    marker: marker('aaaaaa', i),
    sentAt: 1000 + i * 10,
    ackAt: i === 0 ? undefined : 1000 + i * 10 + 5,
  }));
  // The WebSocket sees event i at i + 1 ms after its send; the last ten never reach it.
  const ws = new Map(sent.slice(0, 90).map((s, i) => [s.marker, s.sentAt + i + 1]));

  it('match each event with its first arrival and count those never seen', () => {
    const arrivals = new Map([...ws, ['lb-bbbbbb-000001', 0]]); // another run's marker is ignored
    expect(pathStats(sent, arrivals)).toEqual({ seen: 90, sent: 100, p50: 45, p99: 90, max: 90 });
  });

  it('take POST → 200 from the answers that came', () => {
    expect(ackStats(sent)).toMatchObject({ seen: 99, sent: 100, p50: 5, p99: 5 });
  });

  it('compare the screen with the baseline on the events both saw', () => {
    // The page shows only the even events, 20 ms after the WebSocket.
    const screen = new Map(
      sent
        .slice(0, 90)
        .flatMap((s, i) => (i % 2 === 0 ? [[s.marker, ws.get(s.marker)! + 20]] : [])),
    );
    expect(deltaStats(sent, screen, ws)).toMatchObject({ seen: 45, p50: 20, p99: 20 });
    const figure = rateFigure(100, sent, ws, screen, []);
    expect(figure.achieved).toBeCloseTo(100);
    expect(figure.wsOnScreen).toMatchObject({ seen: 45, sent: 45, p50: 45, p99: 89 });
    expect(figure.screen).toMatchObject({ seen: 45, sent: 100, p50: 65, p99: 109 });
  });

  it('count the long tasks of the page during a run', () => {
    const tasks: Array<[number, number]> = [
      [500, 300], // before the run
      [1200, 60],
      [1900, 90],
      [3000, 500], // after it
    ];
    expect(pageBusy(tasks, 1000, 2000)).toEqual({ count: 2, totalMs: 150, share: 0.15, maxMs: 90 });
  });

  it('print a table with the screen ÷ baseline ratios', () => {
    const p = (p50: number, p99: number) => ({ seen: 1, sent: 1, p50, p99, max: p99 });
    const table = latencyTable([
      {
        perSecond: 10,
        achieved: 9.96,
        ack: p(4, 9),
        ws: p(10, 20),
        screen: p(25, 80),
        wsOnScreen: p(10, 20),
        extra: p(15, 60),
        busy: { count: 2, totalMs: 130, share: 0.013, maxMs: 80 },
      },
    ]);
    expect(table).toContain('| 10/s (10/s) | POST → row in the page (DOM) | 1/1 | 25 | 80 | 80 |');
    expect(table).toContain('| 10/s (10/s) | screen ÷ baseline, same events | | 2.5× | 4.0× | |');
    expect(table).toContain('| 10/s | 2 | 130 ms (1.3 %) | 80 |');
  });
});
