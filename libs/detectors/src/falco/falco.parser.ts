import {
  FalcoEventInputSchema,
  LIMITS,
  formatPath,
  issuesFromZod,
  parsePriority,
  parseRfc3339,
  toIsoMicros,
  type Boundary,
  type Issue,
  type Priority,
} from '@aerie/contracts';
import { classifyBoundary } from '../derive/boundary.js';
import { fingerprint } from '../derive/fingerprint.js';
import { deriveKubernetes } from '../derive/kubernetes.js';
import { isRawNumber, parseLossless } from '../json/lossless-json.js';

/** What the ingest path adds to every event (config, token). */
export interface IngestContext {
  receivedAt: Date;
  defaultCluster: string | null;
  /** Falcosidekick's `customfields`: added to output_fields when the event lacks the key. */
  customFields: Readonly<Record<string, string>>;
  /** Falcosidekick's `customtags`: appended to tags. */
  customTags: readonly string[];
  /** Forces the source (`POST /test` uses `internal`). */
  forceSource?: string;
  /** Forces the cluster (an ingest token pinned to a cluster): senders cannot claim another. */
  forceCluster?: string;
}

/** One detector event normalized for storage (DESIGN.md's SecurityEvent). */
export interface SecurityEvent {
  receivedAt: Date;
  /** The time exactly as sent (ns precision kept). */
  time: string;
  /** The same time as an ISO string with µs, for Postgres. */
  eventTime: string;
  priority: Priority;
  rule: string;
  output: string | null;
  /** Output fields plus added custom fields; inexact numbers kept as lossless markers. */
  outputFields: Record<string, unknown>;
  source: string;
  tags: string[];
  hostname: string | null;
  cluster: string | null;
  namespace: string | null;
  workload: string | null;
  pod: string | null;
  containerImage: string | null;
  boundary: Boundary;
  fingerprint: string;
  /** The event as sent, minus `output` (when a string) and `output_fields`, unknown keys included. */
  payload: Record<string, unknown>;
  /** Keys of outputFields that came from customFields, so the raw payload can be rebuilt. */
  addedFields: string[];
  /** Serialize with stringifyLossless when true. */
  hasRawNumbers: boolean;
}

export type ParseResult = { ok: true; event: SecurityEvent } | { ok: false; issues: Issue[] };

/** Parses one event from its JSON text (a request body or an NDJSON line). */
export function parseFalcoJson(text: string, ctx: IngestContext): ParseResult {
  if (text.trim() === '') return fail('(body)', 'is empty: expected a JSON object');
  let parsed;
  try {
    parsed = parseLossless(text);
  } catch (err) {
    return fail('(body)', `is not valid JSON: ${(err as Error).message}`);
  }
  return parseFalcoEvent(parsed.value, ctx, {
    hasRawNumbers: parsed.hasRawNumbers,
    mayHaveEscapes: text.includes('\\u'),
  });
}

export interface ParseHints {
  hasRawNumbers: boolean;
  /** False only when the source text had no `\u` escape, so no string can hold U+0000 or a lone surrogate. */
  mayHaveEscapes: boolean;
}

/** Validates and normalizes one already-parsed event. */
export function parseFalcoEvent(
  value: unknown,
  ctx: IngestContext,
  hints: ParseHints,
): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('(body)', 'must be a JSON object (one Falco event)');
  }
  const numberIssues = hints.hasRawNumbers
    ? misplacedNumbers(value as Record<string, unknown>)
    : [];
  if (numberIssues.length > 0) return { ok: false, issues: numberIssues };
  const result = FalcoEventInputSchema.safeParse(value);
  if (!result.success) return { ok: false, issues: issuesFromZod(result.error) };
  const input = result.data;
  const issues = checkValues(value as Record<string, unknown>, hints);
  if (issues.length > 0) return { ok: false, issues };

  const parsedTime = parseRfc3339(input.time);
  const priority = parsePriority(input.priority);
  if (parsedTime === undefined || priority === undefined) throw new Error('unreachable: validated');

  // From the parsed value, not zod's output: zod drops keys such as `__proto__`.
  const sentFields = (value as { output_fields: Record<string, unknown> }).output_fields;
  const outputFields: Record<string, unknown> = Object.defineProperties(
    {},
    Object.getOwnPropertyDescriptors(sentFields),
  );
  const addedFields: string[] = [];
  for (const [key, val] of Object.entries(ctx.customFields)) {
    if (!Object.hasOwn(outputFields, key)) {
      outputFields[key] = val;
      addedFields.push(key);
    }
  }
  const tags = [...new Set([...(input.tags ?? []), ...ctx.customTags])];
  const source = ctx.forceSource ?? input.source ?? 'syscall';
  const hostname = input.hostname ?? null;
  const derived = deriveKubernetes(outputFields, source, ctx.defaultCluster);
  const k8s = ctx.forceCluster ? { ...derived, cluster: ctx.forceCluster } : derived;
  const boundary = classifyBoundary({ source, rule: input.rule, tags, fields: outputFields });

  const { output_fields: _fields, ...rest } = value as Record<string, unknown>;
  const payload = rest;
  const output = typeof input.output === 'string' ? input.output : null;
  if (output !== null) delete payload['output'];

  return {
    ok: true,
    event: {
      receivedAt: ctx.receivedAt,
      time: input.time,
      eventTime: toIsoMicros(parsedTime),
      priority,
      rule: input.rule,
      output,
      outputFields,
      source,
      tags,
      hostname,
      ...k8s,
      boundary,
      fingerprint: fingerprint({ rule: input.rule, source, hostname, ...k8s }),
      payload,
      addedFields,
      hasRawNumbers: hints.hasRawNumbers,
    },
  };
}

const TOP_LEVEL_STRINGS = ['priority', 'rule', 'time', 'output', 'source', 'hostname'];

/** Big numbers are kept as marker strings: zod would take them for strings. */
function misplacedNumbers(event: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  for (const key of TOP_LEVEL_STRINGS) {
    if (isRawNumber(event[key])) issues.push({ field: key, message: 'must be a string' });
  }
  const tags = event['tags'];
  if (Array.isArray(tags)) {
    tags.forEach((t, i) => {
      if (isRawNumber(t)) issues.push({ field: `tags[${i}]`, message: 'must be a string' });
    });
  }
  return issues;
}

/**
 * What zod cannot see: U+0000 and lone surrogates (Postgres cannot store them), and nesting
 * deeper than LIMITS.depth (Postgres' JSON parser would refuse it, failing a whole batch).
 */
function checkValues(event: Record<string, unknown>, hints: ParseHints): Issue[] {
  const issues: Issue[] = [];
  // Iterative walk: a hostile body can nest arrays 100 000 deep.
  const stack: Array<{ v: unknown; path: Array<string | number>; depth: number }> = [
    { v: event, path: [], depth: 0 },
  ];
  while (stack.length > 0 && issues.length < 20) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (hints.mayHaveEscapes && !isRawNumber(v)) {
        const problem = stringProblem(v);
        if (problem) issues.push({ field: formatPath('', path), message: problem });
      }
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth > LIMITS.depth) {
      issues.push({
        field: formatPath('', path),
        message: `is nested deeper than ${LIMITS.depth} levels`,
      });
      continue;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item, path: [...path, i], depth: depth + 1 }));
    } else {
      for (const [key, item] of Object.entries(v)) {
        if (hints.mayHaveEscapes) {
          const problem = stringProblem(key);
          if (problem)
            issues.push({ field: formatPath('', [...path, key]), message: `name ${problem}` });
        }
        stack.push({ v: item, path: [...path, key], depth: depth + 1 });
      }
    }
  }
  return issues;
}

function stringProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'contains U+0000 (NUL), which cannot be stored';
  if (!s.isWellFormed()) return 'contains an unpaired UTF-16 surrogate escape (\\uD800–\\uDFFF)';
  return undefined;
}

function fail(field: string, message: string): ParseResult {
  return { ok: false, issues: [{ field, message }] };
}
