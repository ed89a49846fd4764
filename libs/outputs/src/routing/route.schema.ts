import { z } from 'zod';
import {
  BoundarySchema,
  PRIORITIES,
  PRIORITY_NAMES_HELP,
  TeamNameSchema,
  issuesFromZod,
  parsePriority,
  type Issue,
} from '@aerie/contracts';
import { rulePatternProblem } from './rule-pattern.js';

/**
 * Which events go to an output (docs/outputs/README.md "Routes"). Every condition present must
 * hold (AND); a list matches when any of its values does (OR); `not` excludes. The schema keeps
 * what people wrote (`warning`, `/^K8s/i`): compiling normalizes, so a route reads back as typed.
 */

const MAX_LIST = 1000;

function list<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .min(1, 'must not be empty (leave the key out to match every value)')
    .max(MAX_LIST);
}

// Any case and `info` are accepted; the JSON Schema lists the canonical names for forms.
const PriorityNameSchema = z
  .string()
  .refine((s) => parsePriority(s) !== undefined, `must be a priority: ${PRIORITY_NAMES_HELP}`)
  .meta({ enum: PRIORITIES.map((p) => p.toLowerCase()) });

const NameSchema = z.string().min(1, 'must not be empty').max(1024);

/** `*` any run of characters, `?` one; case-sensitive. */
const GlobSchema = z.string().min(1, 'must not be empty').max(253);

/** Exact name, glob (`*`, `?`) or `/regex/flags`; a bad regex is named with its index. */
const RulePatternsSchema = list(z.string().min(1, 'must not be empty').max(1024)).superRefine(
  (patterns, ctx) => {
    patterns.forEach((pattern, index) => {
      const problem = rulePatternProblem(pattern);
      if (problem) ctx.addIssue({ code: 'custom', path: [index], message: problem });
    });
  },
);

const TagListSchema = list(z.string().min(1, 'must not be empty').max(256));

/** A list (any of them), `{ any: [...] }` or `{ all: [...] }`. */
const TagsSchema = z.union([
  TagListSchema,
  z.strictObject({ any: TagListSchema }),
  z.strictObject({ all: TagListSchema }),
]);

const FieldValueSchema = z.union([z.string().max(4096), z.number(), z.boolean()]);

/** `{ "proc.name": ["bash", "sh"], "proc.pid": 42 }`: names as Falco writes them, brackets too. */
const FieldsSchema = z.record(
  z.string().min(1, 'field names must not be empty').max(256),
  z.union([FieldValueSchema, list(FieldValueSchema)]),
);

/** The conditions of a route, and of each of its `not` blocks. */
export const MatchSchema = z.strictObject({
  min_priority: PriorityNameSchema.optional().describe('This priority or a more severe one.'),
  priorities: list(PriorityNameSchema).optional().describe('Any of these priorities.'),
  sources: list(NameSchema)
    .optional()
    .describe('Any of these sources, e.g. `syscall`, `k8s_audit`.'),
  rules: RulePatternsSchema.optional().describe(
    'Any of these rules: an exact name, a glob (`*`, `?`) or `/regex/flags`.',
  ),
  tags: TagsSchema.optional().describe(
    'A list (any of them), `{"any": [...]}` or `{"all": [...]}`.',
  ),
  hostnames: list(GlobSchema).optional().describe('Any of these hostnames (globs).'),
  clusters: list(GlobSchema)
    .optional()
    .describe("Any of these clusters (globs); an event without a cluster is matched as ''."),
  namespaces: list(GlobSchema)
    .optional()
    .describe('Any of these namespaces (globs); an event without a namespace matches none.'),
  boundaries: list(BoundarySchema).optional().describe('Any of these isolation boundaries.'),
  fields: FieldsSchema.optional().describe(
    'Output fields as Falco names them, each a value or a list of values (any of them): `{"proc.name": ["bash", "sh"]}`.',
  ),
});
export type Match = z.infer<typeof MatchSchema>;

/** An empty `not: {}` would exclude every event: surely a mistake, so it is refused. */
const ExclusionSchema = MatchSchema.refine(
  (m) => Object.values(m).some((v) => v !== undefined),
  'must hold at least one condition',
);

export const RouteSchema = MatchSchema.extend({
  not: z
    .union([ExclusionSchema, z.array(ExclusionSchema).min(1).max(100)])
    .optional()
    .describe(
      'Excluded when it matches (the same conditions); a list excludes what any of its blocks matches.',
    ),
  team: TeamNameSchema.optional().describe(
    "Only events inside this team's namespaces, as the team would see them in Aerie.",
  ),
}).describe(
  'Which events go to the output: every condition present must hold (AND), a list matches when any of its values does (OR); `{}` = every event.',
);
export type Route = z.infer<typeof RouteSchema>;

/** Parses a route from YAML or JSON, with field-named issues (`route.rules[1]`). */
export function parseRoute(
  input: unknown,
  prefix = 'route',
): { ok: true; route: Route } | { ok: false; issues: Issue[] } {
  const result = RouteSchema.safeParse(input ?? {});
  return result.success
    ? { ok: true, route: result.data }
    : { ok: false, issues: issuesFromZod(result.error, prefix) };
}
