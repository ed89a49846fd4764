import { describe, expect, it } from 'vitest';
import { fieldValueMatches } from './field-match.js';

describe('fieldValueMatches', () => {
  it.each([
    ['bash', 'bash', true],
    ['bash', 'sh', false],
    ['42', '42', true],
    [42, '42', true],
    [42, '42.0', true],
    [42, '042', false],
    [42.5, '42.5', true],
    [-1, '-1', true],
    [42, 'forty-two', false],
    [true, 'true', true],
    [false, 'true', false],
    [null, 'null', true],
    [null, '', false],
    [['bash'], 'bash', false],
    [{ name: 'bash' }, 'bash', false],
  ])('%j against %j: %s', (value, wanted, expected) => {
    expect(fieldValueMatches(value, wanted)).toBe(expected);
  });

  it('reads the exact digits of a number ingest kept lossless', () => {
    const marker = '\u0000a1b2c3d4e5f6#1777629600123456789';
    expect(fieldValueMatches(marker, '1777629600123456789')).toBe(true);
    expect(fieldValueMatches(marker, '1777629600123456788')).toBe(false);
    expect(fieldValueMatches('\u0000a1b2#1.50000000000000000001', '1.50000000000000000001')).toBe(
      true,
    );
  });
});
