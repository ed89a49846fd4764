import { z } from 'zod';
import { parseRfc3339 } from './duration.js';
import { PRIORITY_NAMES_HELP, parsePriority } from './priority.js';

export const LIMITS = {
  ruleLength: 1024,
  /** UTF-8 bytes: rules are indexed, and a B-tree entry must stay under ~2.7 kB. */
  ruleBytes: 2000,
  sourceLength: 128,
  hostnameLength: 255,
  tagLength: 256,
  tags: 128,
  fieldNameLength: 256,
  fields: 1024,
  /** Nesting of arrays/objects inside output_fields and unknown keys. */
  depth: 32,
} as const;

const UTF8 = new TextEncoder();

const requiredString = (what = 'a string') =>
  z.string({
    error: (issue) => (issue.input === undefined ? 'is required' : `must be ${what}`),
  });
const optionalString = (max: number) =>
  z.string({ error: 'must be a string' }).max(max, `must be at most ${max} characters`).nullish();

/**
 * One Falco event as Falco's http_output (and Falcosidekick's `POST /`) sends it. Unknown keys are
 * allowed and kept. Checks that need the raw text (U+0000, nesting depth, exact big numbers) are
 * done by the parser in libs/detectors.
 */
export const FalcoEventInputSchema = z.looseObject({
  priority: requiredString().refine((p) => parsePriority(p) !== undefined, {
    error: `must be one of ${PRIORITY_NAMES_HELP} (any case)`,
  }),
  rule: requiredString()
    .max(LIMITS.ruleLength, `must be at most ${LIMITS.ruleLength} characters`)
    .refine((r) => r.trim() !== '', { error: 'must not be empty' })
    .refine((r) => UTF8.encode(r).length <= LIMITS.ruleBytes, {
      error: `must be at most ${LIMITS.ruleBytes} bytes of UTF-8`,
    }),
  time: requiredString('an RFC 3339 time such as 2026-05-01T10:00:00.123456789Z').refine(
    (t) => parseRfc3339(t) !== undefined,
    { error: 'must be an RFC 3339 time such as 2026-05-01T10:00:00.123456789Z' },
  ),
  output_fields: z
    .record(
      z
        .string()
        .max(LIMITS.fieldNameLength, `names must be at most ${LIMITS.fieldNameLength} characters`),
      z.unknown(),
      { error: (issue) => (issue.input === undefined ? 'is required' : 'must be an object') },
    )
    .refine((o) => Object.keys(o).length > 0, { error: 'must have at least one field' })
    .refine((o) => Object.keys(o).length <= LIMITS.fields, {
      error: `must have at most ${LIMITS.fields} fields`,
    }),
  output: z.string({ error: 'must be a string' }).nullish(),
  source: optionalString(LIMITS.sourceLength).refine((s) => s == null || s.trim() !== '', {
    error: 'must not be empty',
  }),
  tags: z
    .array(
      z
        .string({ error: 'must be a string' })
        .min(1, 'must not be empty')
        .max(LIMITS.tagLength, `must be at most ${LIMITS.tagLength} characters`),
      { error: 'must be an array of strings' },
    )
    .max(LIMITS.tags, `must have at most ${LIMITS.tags} tags`)
    .nullish(),
  hostname: optionalString(LIMITS.hostnameLength),
});
export type FalcoEventInput = z.infer<typeof FalcoEventInputSchema>;
