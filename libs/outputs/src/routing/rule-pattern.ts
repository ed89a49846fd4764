import { compileGlobs } from './glob.js';

/**
 * A rule pattern: an exact rule name, a glob when it holds `*` or `?` (`Terminal shell*`), or a
 * regular expression written `/…/flags` (`/^K8s /i`). Regexes are unanchored, as in JavaScript.
 */
export type RulePattern =
  | { kind: 'exact'; name: string }
  | { kind: 'glob'; glob: string }
  | { kind: 'regex'; source: string; flags: string };

export const MAX_REGEX_LENGTH = 512;
/** `g` and `y` make `test` stateful; `d` and `v` add nothing here. */
const ALLOWED_FLAGS = /^[imsu]*$/;
const REGEX_LITERAL = /^\/([\s\S]+)\/([a-z]*)$/;

export function rulePattern(text: string): RulePattern {
  const literal = REGEX_LITERAL.exec(text);
  if (literal) return { kind: 'regex', source: literal[1]!, flags: literal[2]! };
  return /[*?]/.test(text) ? { kind: 'glob', glob: text } : { kind: 'exact', name: text };
}

/** Why a rule pattern cannot be used, or undefined when it can. */
export function rulePatternProblem(text: string): string | undefined {
  const pattern = rulePattern(text);
  if (pattern.kind !== 'regex') return undefined;
  if (!ALLOWED_FLAGS.test(pattern.flags)) {
    return `regular expression flags must be among i, m, s, u (got "${pattern.flags}")`;
  }
  return regexProblem(pattern.source, pattern.flags);
}

/**
 * Rejects what cannot compile, and the cheap-to-spot shapes that backtrack exponentially: a
 * regex runs on every event at ingest rate, so one bad route must not stall ingest. Caught:
 * overlong sources, backreferences, and a repeated group that itself holds an unbounded
 * quantifier (`(a+)+`, `(\w*x)*`). Not caught: overlapping alternatives (`(a|a)*`).
 */
export function regexProblem(source: string, flags = ''): string | undefined {
  if (source.length > MAX_REGEX_LENGTH) {
    return `regular expression is longer than ${MAX_REGEX_LENGTH} characters`;
  }
  try {
    new RegExp(source, flags);
  } catch (err) {
    return `invalid regular expression: ${(err as Error).message}`;
  }
  return backtrackingProblem(source);
}

function backtrackingProblem(source: string): string | undefined {
  // One frame per open group: whether it holds an unbounded quantifier.
  const groups: boolean[] = [false];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<')) {
        return 'backreferences are not allowed in routes (they can make matching very slow)';
      }
      i++;
    } else if (c === '[') {
      i = classEnd(source, i);
    } else if (c === '(') {
      groups.push(false);
    } else if (c === ')') {
      const inner = groups.pop() ?? false;
      const quantifier = quantifierAt(source, i + 1);
      if (inner && quantifier.repeats) {
        return 'a repeated group holds an unbounded quantifier, e.g. (a+)+, which can take exponential time';
      }
      markUnbounded(groups, inner || quantifier.unbounded);
      i += quantifier.length;
    } else {
      const quantifier = quantifierAt(source, i);
      if (quantifier.unbounded) markUnbounded(groups, true);
      if (quantifier.length > 0) i += quantifier.length - 1;
    }
  }
  return undefined;
}

function markUnbounded(groups: boolean[], unbounded: boolean): void {
  if (unbounded && groups.length > 0) groups[groups.length - 1] = true;
}

/** Index of the `]` closing the character class opened at `start` (JavaScript: the first one). */
function classEnd(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return source.length;
}

interface Quantifier {
  /** Characters it takes (0: none here). */
  length: number;
  /** Repeats its atom more than once (`*`, `+`, `{2,}`, `{1,5}`). */
  repeats: boolean;
  /** Without an upper bound (`*`, `+`, `{n,}`). */
  unbounded: boolean;
}

function quantifierAt(source: string, i: number): Quantifier {
  const c = source[i];
  if (c === '*' || c === '+') return { length: 1, repeats: true, unbounded: true };
  if (c === '?') return { length: 1, repeats: false, unbounded: false };
  if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
    if (m) {
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      return { length: m[0].length, repeats: max > 1, unbounded: max === Infinity };
    }
  }
  return { length: 0, repeats: false, unbounded: false };
}

/** One predicate for a list of rule patterns (any may match), compiled once. */
export function compileRulePatterns(texts: readonly string[]): (rule: string) => boolean {
  const patterns = texts.map(rulePattern);
  const globs: string[] = [];
  const regexes: RegExp[] = [];
  for (const p of patterns) {
    if (p.kind === 'exact') globs.push(p.name);
    else if (p.kind === 'glob') globs.push(p.glob);
    else regexes.push(new RegExp(p.source, p.flags));
  }
  const byGlob = compileGlobs(globs);
  return (rule) => byGlob(rule) || regexes.some((re) => re.test(rule));
}
