import { z } from 'zod';
import { classifyHttp } from '../../http-outcome.js';
import type { BatchOutcome, HttpAnswer, Outcome } from '../../output.js';
import { readBulkAnswer, type BulkItem } from './bulk-answer.js';

const ERROR_MAX = 500;

/**
 * Reads a `_bulk` answer. A 200 says nothing about the items (`errors: true` with mixed
 * results is common), so each event gets its item's outcome: 2xx created; 409 already there (a
 * retry of a delivered event: delivered); 429 (`es_rejected_execution_exception`), 408 and 5xx
 * retried; any other status (a mapping conflict, a missing index) permanent, with the item's
 * reason. Whole-request failures are the usual reading (429/5xx retried with `Retry-After`,
 * 401/403 permanent) but 413: a batch too large for `http.max_content_length` is retried, since
 * its events come back in other, smaller batches; a single event that large is permanent.
 * Whatever cannot be known (an answer cut or malformed) is retried: `create` with the event id
 * makes a second attempt harmless.
 */
export function classifyBulk(answer: HttpAnswer, count?: number): BatchOutcome {
  if (answer.status < 200 || answer.status >= 300) return wholeRequest(answer, count ?? 1);
  const bulk = readBulkAnswer(answer.body);
  if (bulk === undefined) return retry('_bulk answered 200 without a bulk response body');
  if (bulk.errors === false) return { ok: true };
  const n = count ?? (bulk.complete ? bulk.items.length : undefined);
  if (n === undefined) return retry('_bulk answer cut short and the request size unknown');
  if (bulk.items.length > n || (bulk.complete && bulk.items.length !== n)) {
    return retry(`_bulk answered ${bulk.items.length} items for ${n} events`);
  }
  const perEvent = Array.from({ length: n }, (_, i): Outcome => {
    const item = bulk.items[i];
    return item === undefined
      ? retry('_bulk answer cut before this item (the engine reads 64 KiB)')
      : itemOutcome(item);
  });
  return perEvent.every((o) => o.ok) ? { ok: true } : { perEvent };
}

function itemOutcome(item: BulkItem): Outcome {
  if ((item.status >= 200 && item.status < 300) || item.status === 409) return { ok: true };
  const retryable = item.status === 429 || item.status === 408 || item.status >= 500;
  const reason = item.reason === undefined ? '' : `: ${item.reason}`;
  return {
    ok: false,
    retryable,
    error: `${item.status} ${item.type ?? 'error'}${reason}${mappingHint(item)}`.slice(
      0,
      ERROR_MAX,
    ),
  };
}

/** Dotted Falco field names refused by a dynamic mapping: the template fixes it. */
function mappingHint(item: BulkItem): string {
  const mapping = /mapper_parsing_exception|document_parsing_exception|illegal_argument/;
  return mapping.test(item.type ?? '') && item.reason?.includes('falco.output_fields')
    ? " (install Aerie's index template: docs/outputs/elasticsearch.md)"
    : '';
}

/** `{"error":{"type","reason"},"status"}` (Elasticsearch and OpenSearch alike). */
const ErrorBodySchema = z.object({
  error: z.union([
    z.object({ type: z.string().optional(), reason: z.string().nullish() }),
    z.string(),
  ]),
});

function wholeRequest(answer: HttpAnswer, count: number): Outcome {
  const base = classifyHttp(answer);
  if (base.ok) return base;
  const retryable = answer.status === 413 ? count > 1 : base.retryable;
  return { ...base, retryable, error: `_bulk ${answer.status}${errorText(answer)}` };
}

function errorText(answer: HttpAnswer): string {
  let parsed: z.infer<typeof ErrorBodySchema> | undefined;
  try {
    parsed = ErrorBodySchema.safeParse(JSON.parse(answer.body)).data;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined) {
    const text = answer.body.trim();
    return text === '' ? '' : `: ${text.slice(0, ERROR_MAX)}`;
  }
  const e = parsed.error;
  if (typeof e === 'string') return `: ${e.slice(0, ERROR_MAX)}`;
  return ` ${e.type ?? 'error'}${e.reason ? `: ${e.reason}` : ''}`.slice(0, ERROR_MAX);
}

function retry(error: string): Outcome {
  return { ok: false, retryable: true, error };
}
