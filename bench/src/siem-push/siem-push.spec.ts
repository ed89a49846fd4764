import { describe, expect, it } from 'vitest';
import type { ReceiverReport } from '../delivery/protocol.js';
import { Arrivals } from '../delivery/receiver-child.js';
import { receiverFigures, untilRecorded } from './figures.js';
import { bulkSuccess, eventIds, frameMessage, splitFrames, syslogEventId } from './formats.js';
import { outputConfig } from './outputs.js';
import { pushTable } from './table.js';

const event = (id: string) => ({ id, rule: 'Terminal shell in container', output: 'a\nb' });

describe('SIEM push benchmark: reading requests', () => {
  it('finds the event ids of a HEC batch (envelopes one per line)', () => {
    const body = ['a', 'b'].map((id) => JSON.stringify({ time: '1', event: event(id) })).join('\n');
    expect(eventIds('splunk', body)).toEqual(['a', 'b']);
  });

  it('finds the ids of a _bulk request and answers a 201 per item, in order', () => {
    const body =
      [
        { create: { _index: 'falco-2026.05.01', _id: 'a' } },
        { message: 'x' },
        { index: { _index: 'falco-2026.05.02', _id: 'b' } },
        { message: 'y' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n') + '\n';
    expect(eventIds('elasticsearch', body)).toEqual(['a', 'b']);
    expect(JSON.parse(bulkSuccess(body))).toEqual({
      took: 1,
      errors: false,
      items: [
        { create: { _index: 'falco-2026.05.01', _id: 'a', status: 201 } },
        { index: { _index: 'falco-2026.05.02', _id: 'b', status: 201 } },
      ],
    });
  });

  it('finds the ids in the lines of every Loki stream', () => {
    const body = JSON.stringify({
      streams: [
        { stream: { source: 'syscall' }, values: [['1', JSON.stringify(event('a'))]] },
        {
          stream: { source: 'k8s_audit' },
          values: [
            ['2', JSON.stringify(event('b'))],
            ['3', JSON.stringify(event('c')), { event_id: 'c' }],
          ],
        },
      ],
    });
    expect(eventIds('loki', body)).toEqual(['a', 'b', 'c']);
  });

  it('finds the EventId of each Sentinel record', () => {
    expect(eventIds('sentinel', JSON.stringify([{ EventId: 'a' }, { EventId: 'b' }]))).toEqual([
      'a',
      'b',
    ]);
  });

  it('refuses an event without its id', () => {
    expect(() => eventIds('sentinel', '[{"Rule":"x"}]')).toThrow('without its id');
  });

  it('splits octet-counted frames across TCP reads and reads the falco@ id', () => {
    const message = (id: string) =>
      `<132>1 2026-05-01T10:00:00Z host falco - syscall [falco@32473 id="${id}" rule="r"] é`;
    const frame = (m: string) => `${Buffer.byteLength(m)} ${m}`;
    const stream = Buffer.from(frame(message('a')) + frame(message('b')));
    const cut = stream.length - 5;
    const first = splitFrames(stream.subarray(0, cut));
    expect(first.frames.map((f) => syslogEventId(frameMessage(f)))).toEqual(['a']);
    const second = splitFrames(Buffer.concat([first.rest, stream.subarray(cut)]));
    expect(second.frames.map(frameMessage)).toEqual([message('b')]);
    expect(second.rest.length).toBe(0);
    expect(() => splitFrames(Buffer.from('x <13>1 …'))).toThrow('octet-counted');
  });
});

describe('receiver arrivals', () => {
  it('keeps the first success per id, counts repeats and refusals, forgets on reset', () => {
    const arrivals = new Arrivals();
    expect(arrivals.request(10)).toBe(true);
    expect([arrivals.ok('a', 10), arrivals.ok('a', 12), arrivals.ok('b', 12)]).toEqual([
      true,
      false,
      true,
    ]);
    arrivals.status = 503;
    expect(arrivals.request(20)).toBe(false);
    expect(arrivals.report()).toEqual({
      delivered: 2,
      requests: 2,
      refused: 1,
      firstOk: [
        ['a', 10],
        ['b', 12],
      ],
      duplicates: 1,
      anonymous: 0,
      firstRequestAt: 10,
    });
    arrivals.reset(true);
    expect(arrivals.keepBodies).toBe(true);
    expect(arrivals.report()).toMatchObject({
      delivered: 0,
      requests: 0,
      firstRequestAt: undefined,
    });
  });
});

describe('SIEM push benchmark: figures', () => {
  const report = (firstOk: Array<[string, number]>, requests: number): ReceiverReport => ({
    delivered: firstOk.length,
    requests,
    refused: 0,
    firstOk,
    duplicates: 0,
    anonymous: 0,
    firstRequestAt: 1000,
  });

  it('rates the receiver from its first request to the last arrival', () => {
    const figures = receiverFigures(
      report(
        [
          ['a', 1500],
          ['b', 1250],
          ['c', 1100],
          ['d', 2000],
        ],
        2,
      ),
    );
    expect(figures).toEqual({ eventsPerSecond: 4, eventsPerRequest: 2 });
    expect(receiverFigures(report([], 0)).eventsPerSecond).toBeNaN();
  });

  it('adds the time to record the last delivery to the span to its receipt', () => {
    // 1000 events at 500/s = 2 s, recorded 0.5 s later: 1000 / 2.5 s.
    expect(untilRecorded(1000, 500, 500)).toBe(400);
  });

  it('tabulates medians and per-round ratios', () => {
    const kind = (k: string, eventsPerSecond: number, p50Ms?: number, p99Ms?: number) => ({
      kind: `loki: ${k}`,
      eventsPerSecond,
      p50Ms,
      p99Ms,
      runs: 3,
    });
    const table = pushTable([
      {
        type: 'loki',
        maxBatch: 500,
        eventsPerRequest: [100, 120, 90],
        backlogPerRequest: [],
        runs: [
          kind('Aerie, until all recorded', 1000),
          kind('Aerie, until last received', 1100.4, 60, 90),
          kind('Aerie, backlog', 8000),
          kind('baseline', 40000),
        ],
        ratios: [0.025, 0.03, 0.02],
        backlogRatios: [0.2],
      },
    ]);
    expect(table.split('\n')[2]).toBe(
      '| loki | 500 | 100 · — | 1000 | — | — | 60 / 90 | 8000 | 40000 | 3 % (3 %, 3 %, 2 %) | 20 % (20 %) |',
    );
  });

  it('points every output at the receiver', () => {
    expect(outputConfig('splunk', 'http://127.0.0.1:9/')).toMatchObject({
      url: 'http://127.0.0.1:9/services/collector/event',
    });
    expect(outputConfig('sentinel', 'http://127.0.0.1:9/')).toMatchObject({
      endpoint: 'http://127.0.0.1:9',
      authorityHost: 'http://127.0.0.1:9',
    });
    expect(outputConfig('syslog', 'http://127.0.0.1:9/')).toEqual({
      host: '127.0.0.1',
      port: 9,
      protocol: 'tcp',
    });
  });
});
