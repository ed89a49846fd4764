import { describe, expect, it } from 'vitest';
import { compileGlobs } from './glob.js';

describe('compileGlobs', () => {
  it.each([
    ['prod-*', 'prod-eu', true],
    ['prod-*', 'prod-', true],
    ['prod-*', 'dev-eu', false],
    ['prod-?u', 'prod-eu', true],
    ['prod-?u', 'prod-u', false],
    ['prod-?u', 'prod-eeu', false],
    ['*', '', true],
    ['payments', 'payments', true],
    ['payments', 'payments-api', false],
    ['Payments', 'payments', false],
    // Regex and LIKE metacharacters are literal.
    ['a.b', 'axb', false],
    ['a.b', 'a.b', true],
    ['a%b', 'axb', false],
    ['a_b', 'axb', false],
    ['a+(b)', 'a+(b)', true],
    ['x?', 'x\u{1F600}', true],
    ['*', 'line\nbreak', true],
  ])('%s against %j: %s', (glob, value, expected) => {
    expect(compileGlobs([glob])(value)).toBe(expected);
  });

  it('matches when any glob does', () => {
    const test = compileGlobs(['dev', 'prod-*']);
    expect(['dev', 'prod-eu'].map(test)).toEqual([true, true]);
    expect(test('staging')).toBe(false);
  });
});
