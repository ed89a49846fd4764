import { describe, expect, it } from 'vitest';
import { formatCount, formatUtc } from './format';

describe('formatUtc', () => {
  it('shows Falco nanosecond times in UTC to the millisecond', () => {
    expect(formatUtc('2026-05-01T10:00:00.123456789Z')).toBe('2026-05-01 10:00:00.123');
    expect(formatUtc('2026-05-01T12:30:05+02:00')).toBe('2026-05-01 10:30:05.000');
  });

  it('leaves what it cannot parse as it is', () => {
    expect(formatUtc('yesterday')).toBe('yesterday');
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});
