import { describe, expect, it } from 'vitest';
import { arrayLiteral, copyText, toCopyLine } from './copy-row.js';

describe('COPY text encoding', () => {
  it('escapes the characters COPY treats specially', () => {
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  });

  it('quotes array elements', () => {
    expect(arrayLiteral(['a b', 'q"x', 'back\\slash'])).toBe('{"a b","q\\"x","back\\\\slash"}');
    expect(arrayLiteral([])).toBe('{}');
  });

  it('turns a Falco event into one line of 15 columns', () => {
    const raw =
      '{"rule":"R","priority":"warning","time":"2026-05-01T10:00:00.123456789Z","output":"x\\ty","output_fields":{"evt.time":1777629600123456789},"tags":["b","a"]}';
    const row = toCopyLine(raw, '2026-05-01T10:00:01Z');
    if (!('line' in row)) throw new Error(row.error);
    const cols = row.line.split('\t');
    expect(cols).toHaveLength(15);
    expect(cols[4]).toBe('4');
    expect(cols[9]).toBe('{"b","a"}');
    expect(cols[7]).toContain('evt.time');
    expect(JSON.parse(cols[14] ?? '')).toEqual({
      rule: 'R',
      priority: 'warning',
      time: '2026-05-01T10:00:00.123456789Z',
      tags: ['b', 'a'],
    });
  });

  it('rejects what Falco requires but is missing', () => {
    expect(toCopyLine('{', 'now')).toEqual({ error: 'invalid JSON' });
    expect(
      toCopyLine('{"rule":"R","priority":"loud","time":"t","output_fields":{"a":1}}', 'now'),
    ).toEqual({ error: 'priority is invalid' });
    expect(
      toCopyLine('{"rule":"R","priority":"info","time":"t","output_fields":{}}', 'now'),
    ).toEqual({ error: 'output_fields is required' });
  });
});
