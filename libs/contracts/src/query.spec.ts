import { describe, expect, it } from 'vitest';
import { parseEventListQuery, parseStatsQuery } from './query.js';
import { parseDuration, parseRfc3339, toIsoMicros } from './duration.js';

const NOW = Date.parse('2026-05-01T12:00:00Z');

describe('parseEventListQuery', () => {
  it('resolves filters, relative times and output-field filters', () => {
    const r = parseEventListQuery(
      {
        priority: ['critical,error', 'INFO'],
        min_priority: 'warning',
        rule: ['A, with comma', 'B'],
        hostname: 'n1,n2',
        since: '15m',
        until: '2026-05-01T11:59:00Z',
        'field[proc.aname[2]]': 'bash',
        tags: 'a,b',
        tags_match: 'any',
        order: 'asc',
        limit: '10',
      },
      NOW,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.filter).toMatchObject({
      priorities: ['Critical', 'Error', 'Informational'],
      minPriority: 'Warning',
      rules: ['A, with comma', 'B'],
      hostnames: ['n1', 'n2'],
      tags: ['a', 'b'],
      tagsMatch: 'any',
      fields: { 'proc.aname[2]': ['bash'] },
    });
    expect(r.value.filter.since?.toISOString()).toBe('2026-05-01T11:45:00.000Z');
    expect(r.value.filter.until?.toISOString()).toBe('2026-05-01T11:59:00.000Z');
    expect(r.value).toMatchObject({ order: 'asc', limit: 10 });
  });

  it('defaults to newest first, 100 per page', () => {
    const r = parseEventListQuery({}, NOW);
    expect(r.ok && r.value).toMatchObject({ order: 'desc', limit: 100 });
  });

  it('names every bad parameter', () => {
    const r = parseEventListQuery(
      { limit: '5000', since: 'soon', colour: 'red', q: 'x'.repeat(501), order: ['asc', 'desc'] },
      NOW,
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map((i) => i.field).sort()).toEqual([
        'colour',
        'limit',
        'order',
        'q',
        'since',
      ]);
  });

  it('refuses NUL characters', () => {
    const r = parseEventListQuery({ rule: 'a\u0000b' }, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues).toEqual([{ field: 'rule', message: 'must not contain U+0000 (NUL)' }]);
  });

  it('keeps stats-only parameters to stats', () => {
    expect(parseEventListQuery({ bucket: '1h' }, NOW).ok).toBe(false);
    const s = parseStatsQuery({ bucket: '1h', top: '5' }, NOW);
    expect(s.ok && s.value).toMatchObject({ bucketMs: 3_600_000, top: 5 });
    expect(parseStatsQuery({ bucket: '1ms' }, NOW).ok).toBe(false);
  });
});

describe('times', () => {
  it.each([
    ['2026-05-01T10:00:00Z', '2026-05-01T10:00:00.000000Z'],
    ['2026-05-01T10:00:00.123456789Z', '2026-05-01T10:00:00.123456Z'],
    ['2026-05-01t10:00:00.5+02:00', '2026-05-01T08:00:00.500000Z'],
    ['2024-02-29T23:59:60Z', '2024-02-29T23:59:59.000000Z'],
    ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000000Z'],
  ])('parses %s', (text, iso) => {
    const t = parseRfc3339(text);
    expect(t && toIsoMicros(t)).toBe(iso);
  });

  it.each([
    '2026-02-29T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59.5-23:59',
    '2026-05-01',
    '2026-05-01T10:00Z',
    '2026-05-01T10:00:00',
    '2026-05-01T10:00:00.1234567890Z',
    '2026-05-01T10:00:00+25:00',
  ])('rejects %s', (text) => expect(parseRfc3339(text)).toBeUndefined());

  it('parses durations', () => {
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('2w')).toBe(1_209_600_000);
    expect(parseDuration('15')).toBeUndefined();
    expect(parseDuration('1y')).toBeUndefined();
    expect(parseDuration('999999999w')).toBeUndefined();
  });
});
