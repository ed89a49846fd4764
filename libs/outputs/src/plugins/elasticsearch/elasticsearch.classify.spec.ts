import { describe, expect, it } from 'vitest';
import type { HttpAnswer } from '../../output.js';
import { openSearchBulkContract } from '../../test-support/opensearch-bulk-contract.js';
import { readBulkAnswer } from './bulk-answer.js';
import { classifyBulk } from './elasticsearch.classify.js';

const { response: validBulkResponse } = openSearchBulkContract();

function answer(status: number, body: unknown, headers: Record<string, string> = {}): HttpAnswer {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

const created = (id: string) => ({
  create: { _index: 'falco-2026.05.01', _id: id, status: 201 },
});
const failed = (id: string, status: number, type: string, reason: string) => ({
  create: { _index: 'falco-2026.05.01', _id: id, status, error: { type, reason } },
});

const MIXED = {
  took: 30,
  errors: true,
  items: [
    created('a'),
    failed(
      'b',
      409,
      'version_conflict_engine_exception',
      '[b]: version conflict, document already exists (current version [1])',
    ),
    failed(
      'c',
      429,
      'es_rejected_execution_exception',
      'rejected execution of coordinating operation',
    ),
    failed(
      'd',
      400,
      'document_parsing_exception',
      '[1:1234] object mapping for [falco.output_fields.k8s.ns.name] tried to parse field [name] as object, but found a concrete value',
    ),
    failed(
      'e',
      503,
      'unavailable_shards_exception',
      '[falco-2026.05.01][0] primary shard is not active',
    ),
    failed('f', 404, 'index_not_found_exception', 'no such index [falco-2026.05.01]'),
  ],
};

describe('elasticsearch classify: 200 answers, item by item', () => {
  it('the example answers are valid BulkResponse documents', () => {
    expect(validBulkResponse(MIXED), JSON.stringify(validBulkResponse.errors)).toBe(true);
  });

  it('errors:false is delivered as a whole', () => {
    expect(
      classifyBulk(answer(200, { took: 2, errors: false, items: [created('a'), created('b')] }), 2),
    ).toEqual({
      ok: true,
    });
  });

  it('gives each event its item’s outcome: 409 delivered, 429 and 5xx retried, mapping errors permanent', () => {
    expect(classifyBulk(answer(200, MIXED), 6)).toEqual({
      perEvent: [
        { ok: true },
        { ok: true },
        {
          ok: false,
          retryable: true,
          error:
            '429 es_rejected_execution_exception: rejected execution of coordinating operation',
        },
        {
          ok: false,
          retryable: false,
          error:
            "400 document_parsing_exception: [1:1234] object mapping for [falco.output_fields.k8s.ns.name] tried to parse field [name] as object, but found a concrete value (install Aerie's index template: docs/outputs/elasticsearch.md)",
        },
        {
          ok: false,
          retryable: true,
          error:
            '503 unavailable_shards_exception: [falco-2026.05.01][0] primary shard is not active',
        },
        {
          ok: false,
          retryable: false,
          error: '404 index_not_found_exception: no such index [falco-2026.05.01]',
        },
      ],
    });
  });

  it('errors:true with only 409s (a retry of delivered events) is delivered', () => {
    const again = {
      took: 1,
      errors: true,
      items: ['a', 'b'].map((id) =>
        failed(
          id,
          409,
          'version_conflict_engine_exception',
          `[${id}]: version conflict, document already exists (current version [1])`,
        ),
      ),
    };
    expect(classifyBulk(answer(200, again), 2)).toEqual({ ok: true });
  });

  it('reads an answer cut at 64 KiB up to the cut and retries the events past it', () => {
    const items = Array.from({ length: 400 }, (_, i) =>
      failed(
        `id-${i}`,
        400,
        'document_parsing_exception',
        `failed to parse field [x] of type [long]: ${'v'.repeat(120)}`,
      ),
    );
    const full = JSON.stringify({ took: 5, errors: true, items });
    const cut = full.slice(0, 65_536);
    const read = readBulkAnswer(cut)!;
    expect(read.complete).toBe(false);
    expect(read.items.length).toBeGreaterThan(100);
    expect(read.items.length).toBeLessThan(400);
    const outcome = classifyBulk(answer(200, cut), 400) as {
      perEvent: { ok: boolean; retryable?: boolean }[];
    };
    expect(outcome.perEvent).toHaveLength(400);
    expect(outcome.perEvent.slice(0, read.items.length).every((o) => o.retryable === false)).toBe(
      true,
    );
    expect(outcome.perEvent.slice(read.items.length)).toEqual(
      Array(400 - read.items.length).fill({
        ok: false,
        retryable: true,
        error: '_bulk answer cut before this item (the engine reads 64 KiB)',
      }),
    );
    // A cut answer that already said errors:false needs no items.
    const fine = JSON.stringify({
      took: 5,
      errors: false,
      items: items.map((_, i) => created(`id-${i}`)),
    });
    expect(classifyBulk(answer(200, fine.slice(0, 1000)), 400)).toEqual({ ok: true });
  });

  it('retries what it cannot read: not a bulk answer, the wrong item count', () => {
    expect(classifyBulk(answer(200, '<html>proxy</html>'), 2)).toMatchObject({
      ok: false,
      retryable: true,
    });
    expect(classifyBulk(answer(200, { took: 1, errors: true, items: [created('a')] }), 2)).toEqual({
      ok: false,
      retryable: true,
      error: '_bulk answered 1 items for 2 events',
    });
    expect(classifyBulk(answer(200, {}), 1)).toMatchObject({ ok: false, retryable: true });
  });
});

describe('elasticsearch classify: whole-request failures', () => {
  const breaker = {
    error: {
      root_cause: [{ type: 'circuit_breaking_exception', reason: '[parent] Data too large' }],
      type: 'circuit_breaking_exception',
      reason: '[parent] Data too large, data for [<http_request>] would be [1024/1kb]',
      bytes_wanted: 1024,
      bytes_limit: 512,
      durability: 'TRANSIENT',
    },
    status: 429,
  };

  it('429 is retried with the engine backoff, or after Retry-After', () => {
    const outcome = classifyBulk(answer(429, breaker), 10);
    expect(outcome).toEqual({
      ok: false,
      retryable: true,
      error:
        '_bulk 429 circuit_breaking_exception: [parent] Data too large, data for [<http_request>] would be [1024/1kb]',
    });
    expect(classifyBulk(answer(429, breaker, { 'retry-after': '7' }), 10)).toMatchObject({
      retryable: true,
      retryAfterMs: 7000,
    });
  });

  it('5xx is retried', () => {
    expect(
      classifyBulk(
        answer(503, { error: { type: 'cluster_block_exception', reason: 'blocked' }, status: 503 }),
        3,
      ),
    ).toEqual({
      ok: false,
      retryable: true,
      error: '_bulk 503 cluster_block_exception: blocked',
    });
    expect(classifyBulk(answer(502, 'Bad Gateway'), 3)).toEqual({
      ok: false,
      retryable: true,
      error: '_bulk 502: Bad Gateway',
    });
  });

  it('401 and 403 are permanent', () => {
    const denied = {
      error: {
        root_cause: [
          {
            type: 'security_exception',
            reason: 'unable to authenticate with provided credentials',
          },
        ],
        type: 'security_exception',
        reason: 'unable to authenticate with provided credentials',
      },
      status: 401,
    };
    expect(classifyBulk(answer(401, denied), 2)).toEqual({
      ok: false,
      retryable: false,
      error: '_bulk 401 security_exception: unable to authenticate with provided credentials',
    });
    expect(classifyBulk(answer(403, 'Unauthorized'), 2)).toMatchObject({
      ok: false,
      retryable: false,
    });
  });

  it('413 retries a batch (its events come back in smaller ones) but not a single event', () => {
    expect(classifyBulk(answer(413, ''), 100)).toEqual({
      ok: false,
      retryable: true,
      error: '_bulk 413',
    });
    expect(classifyBulk(answer(413, ''), 1)).toEqual({
      ok: false,
      retryable: false,
      error: '_bulk 413',
    });
  });

  it('400 (a malformed request) is permanent with the reason', () => {
    const body = {
      error: {
        root_cause: [
          {
            type: 'illegal_argument_exception',
            reason: 'The bulk request must be terminated by a newline [\\n]',
          },
        ],
        type: 'illegal_argument_exception',
        reason: 'The bulk request must be terminated by a newline [\\n]',
      },
      status: 400,
    };
    expect(classifyBulk(answer(400, body), 1)).toEqual({
      ok: false,
      retryable: false,
      error:
        '_bulk 400 illegal_argument_exception: The bulk request must be terminated by a newline [\\n]',
    });
  });
});
