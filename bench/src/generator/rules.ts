import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parsePriority, type Priority } from '@aerie/contracts';
import { parse } from 'yaml';
import { findRepoRoot } from '../repo-root.js';

/** One firing rule of the corpus, reduced to what an alert carries. */
export interface FalcoRule {
  name: string;
  /** Falco's spelling in alerts (`Warning`, `Informational`…), whatever the YAML's case. */
  priority: Priority;
  /** Falco's default when the rule names none is `syscall`. */
  source: string;
  tags: string[];
  /** The rule's `output` template, `%field` placeholders unexpanded. */
  output: string;
  enabled: boolean;
  /** File name the rule was read from (the last definition of a name wins, as in Falco). */
  file: string;
}

/**
 * Where the Falco rules corpus lives: `$AERIE_RULES_DIR`, else `<repo root>/../shared/corpus/
 * falco-rules` — the corpus sits beside the repository, not in it, so clones elsewhere work when
 * `shared/` is copied next to them.
 */
export function resolveRulesDir(): string {
  const fromEnv = process.env['AERIE_RULES_DIR'];
  if (fromEnv) return resolve(fromEnv);
  return join(findRepoRoot(), '..', 'shared', 'corpus', 'falco-rules');
}

/** Rules with an output and a priority; overrides and appends (no output) are skipped. */
export function loadRules(dir: string = resolveRulesDir()): FalcoRule[] {
  if (!existsSync(dir)) {
    throw new Error(`Falco rules corpus not found at ${dir} (set AERIE_RULES_DIR)`);
  }
  const byName = new Map<string, FalcoRule>();
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  for (const file of files) {
    for (const rule of parseRuleFile(readFileSync(join(dir, file), 'utf8'), file)) {
      byName.set(rule.name, rule);
    }
  }
  if (byName.size === 0) throw new Error(`no Falco rules with an output in ${dir}`);
  return [...byName.values()];
}

function parseRuleFile(text: string, file: string): FalcoRule[] {
  const doc: unknown = parse(text);
  if (!Array.isArray(doc)) return [];
  const rules: FalcoRule[] = [];
  for (const item of doc) {
    const rule = toRule(item, file);
    if (rule) rules.push(rule);
  }
  return rules;
}

function toRule(item: unknown, file: string): FalcoRule | undefined {
  if (!isRecord(item)) return undefined;
  const { rule, output, priority, source, tags, enabled } = item;
  if (typeof rule !== 'string' || typeof output !== 'string' || typeof priority !== 'string') {
    return undefined;
  }
  const parsedPriority = parsePriority(priority);
  if (!parsedPriority) return undefined;
  return {
    name: rule,
    priority: parsedPriority,
    source: typeof source === 'string' && source !== '' ? source : 'syscall',
    tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
    // Folded YAML scalars keep a trailing newline Falco does not print.
    output: output.replace(/\s*\n\s*/g, ' ').trim(),
    enabled: enabled !== false,
    file,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
