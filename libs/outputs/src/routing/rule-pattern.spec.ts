import { describe, expect, it } from 'vitest';
import {
  compileRulePatterns,
  regexProblem,
  rulePattern,
  rulePatternProblem,
} from './rule-pattern.js';

describe('rule patterns', () => {
  it('reads exact names, globs and /regex/flags', () => {
    expect(rulePattern('Terminal shell in container')).toEqual({
      kind: 'exact',
      name: 'Terminal shell in container',
    });
    expect(rulePattern('Terminal shell*')).toEqual({ kind: 'glob', glob: 'Terminal shell*' });
    expect(rulePattern('/^K8s .*/i')).toEqual({ kind: 'regex', source: '^K8s .*', flags: 'i' });
    expect(rulePattern('/')).toEqual({ kind: 'exact', name: '/' });
  });

  it('matches any of them', () => {
    const test = compileRulePatterns([
      'Read sensitive file untrusted',
      'Terminal shell*',
      '/^k8s /i',
    ]);
    expect(test('Read sensitive file untrusted')).toBe(true);
    expect(test('Read sensitive file')).toBe(false);
    expect(test('Terminal shell in container')).toBe(true);
    expect(test('K8s Secret Created')).toBe(true);
    expect(test('Launch Privileged Container')).toBe(false);
  });

  it('runs regexes unanchored, as JavaScript does', () => {
    expect(compileRulePatterns(['/shell/'])('Terminal shell in container')).toBe(true);
    expect(compileRulePatterns(['/^shell/'])('Terminal shell in container')).toBe(false);
  });

  it('gives the same answer on every call (no stateful flags)', () => {
    const test = compileRulePatterns(['/shell/i']);
    expect([1, 2, 3].map(() => test('Terminal shell'))).toEqual([true, true, true]);
    expect(rulePatternProblem('/shell/g')).toMatch(/flags must be among i, m, s, u/);
    expect(rulePatternProblem('/shell/y')).toMatch(/flags/);
  });

  it.each([
    ['(a+)+$', /exponential/],
    ['(\\w*x)*', /exponential/],
    ['((ab)*c)+', /exponential/],
    ['(a+){2,}', /exponential/],
    ['(.*)*', /exponential/],
    ['(a)\\1', /backreferences/],
    ['(?<x>a)\\k<x>', /backreferences/],
    ['(', /invalid regular expression: .*Unterminated group/],
    ['a'.repeat(513), /longer than 512/],
  ])('refuses %s', (source, message) => {
    expect(regexProblem(source)).toMatch(message);
  });

  it.each([
    '^K8s .*',
    '(ab)+c',
    '(a+)?b',
    '(a|b)*',
    '[(+)]+',
    '\\(a+\\)+',
    'x{2,5}(ab){3}',
    '(?:shell|bash) in container$',
  ])('accepts %s', (source) => {
    expect(regexProblem(source)).toBeUndefined();
  });
});
