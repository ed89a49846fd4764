import { describe, expect, it } from 'vitest';
import {
  describeRange,
  fromUtcInput,
  isOpenEnded,
  presetOf,
  rangeOf,
  toUtcInput,
  withRange,
} from './time-range';

describe('time range', () => {
  it('reads the URL, the last day by default', () => {
    expect(rangeOf(new URLSearchParams('priority=error'))).toEqual({ since: '24h' });
    expect(rangeOf(new URLSearchParams('since=1h'))).toEqual({ since: '1h' });
    expect(rangeOf(new URLSearchParams('until=2026-05-01T00:00:00Z'))).toEqual({
      until: '2026-05-01T00:00:00Z',
    });
  });

  it('writes the range, keeping the other keys', () => {
    const search = new URLSearchParams('priority=error&since=7d&until=2026-05-01T00:00:00Z&id=x');
    expect(withRange(search, { since: '15m' }).toString()).toBe('priority=error&since=15m&id=x');
  });

  it('names presets, ranges and open ends', () => {
    expect(presetOf({ since: '6h' })).toBe('6h');
    expect(presetOf({ since: '2h' })).toBeUndefined();
    expect(presetOf({ since: '6h', until: '1h' })).toBeUndefined();
    expect(isOpenEnded({ since: '6h' })).toBe(true);
    expect(isOpenEnded({ since: '6h', until: '1h' })).toBe(false);
    expect(describeRange({ since: '24h' })).toBe('Last 24 hours');
    expect(describeRange({ since: '1h' })).toBe('Last hour');
    expect(describeRange({ since: '2026-05-01T10:00:00Z', until: '2026-05-02T10:30:00Z' })).toBe(
      '2026-05-01 10:00 UTC – 2026-05-02 10:30 UTC',
    );
    expect(describeRange({ since: '2026-05-01T10:00:00+02:00' })).toBe(
      'Since 2026-05-01 08:00 UTC',
    );
  });

  it('converts to and from datetime-local values in UTC', () => {
    const now = Date.parse('2026-05-01T12:00:00Z');
    expect(toUtcInput('2026-05-01T10:00:00.123456789Z')).toBe('2026-05-01T10:00');
    expect(toUtcInput('24h', now)).toBe('2026-04-30T12:00');
    expect(toUtcInput('soon')).toBe('');
    expect(fromUtcInput('2026-05-01T10:00')).toBe('2026-05-01T10:00:00Z');
    expect(fromUtcInput('2026-05-01T10:00:30')).toBe('2026-05-01T10:00:30Z');
    expect(fromUtcInput('2026-02-30T10:00')).toBeUndefined();
    expect(fromUtcInput('')).toBeUndefined();
  });
});
