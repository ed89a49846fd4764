import { z } from 'zod';

/** One problem with a request, naming the field (dotted path, `[i]` for array indexes). */
export const IssueSchema = z.object({
  field: z.string(),
  message: z.string(),
});
export type Issue = z.infer<typeof IssueSchema>;

/** Every 4xx/5xx answer has this body. `error` is a stable machine code. */
export const ErrorBodySchema = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(IssueSchema).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Turns zod issues into field-named issues. */
export function issuesFromZod(error: z.ZodError, prefix = ''): Issue[] {
  return error.issues.map((i) => ({
    field: formatPath(prefix, i.path),
    message: i.message,
  }));
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function formatPath(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (!IDENTIFIER.test(String(key))) out += `[${JSON.stringify(String(key))}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(body)' : out;
}
