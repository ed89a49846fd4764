import { z } from 'zod';
import { skipSpace, stringEnd, valueEnd } from '../webhook/json-text.js';

/** One item of a `_bulk` answer, whatever its action (`create`, `index`, …). */
export interface BulkItem {
  status: number;
  type?: string;
  reason?: string;
}

export interface BulkAnswer {
  /** The top-level `errors` flag, when the answer has it. */
  errors?: boolean;
  /** The items read, in request order. */
  items: BulkItem[];
  /** False when the answer was cut (the engine reads 64 KiB): items past `items` are unknown. */
  complete: boolean;
}

const ItemSchema = z
  .record(
    z.string(),
    z.object({
      status: z.number().int(),
      error: z.object({ type: z.string().optional(), reason: z.string().nullish() }).optional(),
    }),
  )
  .refine((item) => Object.keys(item).length === 1, 'one action per item');

/**
 * Reads a `_bulk` answer, also when it was cut short: every item that arrived whole is read, so
 * only the events past the cut are left unknown. Undefined when the body is not a JSON object.
 */
export function readBulkAnswer(body: string): BulkAnswer | undefined {
  let i = skipSpace(body, 0);
  if (body[i] !== '{') return undefined;
  const answer: BulkAnswer = { items: [], complete: false };
  try {
    i = skipSpace(body, i + 1);
    while (i < body.length && body[i] !== '}') {
      const keyEnd = stringEnd(body, i);
      const key = JSON.parse(body.slice(i, keyEnd)) as string;
      i = skipSpace(body, keyEnd);
      if (body[i] !== ':') return answer;
      i = skipSpace(body, i + 1);
      if (key === 'items' && body[i] === '[') {
        i = readItems(body, skipSpace(body, i + 1), answer.items);
      } else {
        const end = valueEnd(body, i);
        const text = body.slice(i, end);
        if (key === 'errors' && (text === 'true' || text === 'false')) {
          answer.errors = text === 'true';
        }
        i = end;
      }
      i = skipSpace(body, i);
      if (body[i] === ',') i = skipSpace(body, i + 1);
    }
    answer.complete = body[i] === '}';
  } catch {
    // Cut inside a value: what was read stands.
  }
  return answer;
}

/** Reads items from `i` (just inside `[`) into `items`; returns the index past `]`. */
function readItems(body: string, i: number, items: BulkItem[]): number {
  while (body[i] !== ']') {
    if (i >= body.length) throw new SyntaxError('cut inside items');
    const end = valueEnd(body, i);
    const parsed = ItemSchema.parse(JSON.parse(body.slice(i, end)));
    const [result] = Object.values(parsed);
    items.push({
      status: result!.status,
      ...(result!.error?.type ? { type: result!.error.type } : {}),
      ...(result!.error?.reason ? { reason: result!.error.reason } : {}),
    });
    i = skipSpace(body, end);
    if (body[i] === ',') i = skipSpace(body, i + 1);
  }
  return i + 1;
}
