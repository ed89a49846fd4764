import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BatchOutcome, DeliverableEvent, Outcome } from '../../output.js';
import { corpusCases, GOLDEN_CONTEXT } from '../../test-support/corpus-events.js';
import {
  sendWithFetch,
  startReceiver,
  type LocalReceiver,
  type ReceivedRequest,
  type ReceiverReply,
} from '../../test-support/local-receiver.js';
import { LOKI_LIMITS, readLokiPush } from '../../test-support/loki-push-contract.js';
import { LokiConfigSchema } from './loki.config.js';
import { lokiOutput } from './loki.output.js';

/** The plugin answers for the batch as a whole (it has no per-event outcomes). */
function whole(outcome: BatchOutcome): Outcome {
  if ('perEvent' in outcome) throw new Error('unexpected per-event outcome');
  return outcome;
}

/** The receiver's clock: the corpus events' time plus 5 s (the machine's clock is months later). */
const NOW_NS = BigInt(GOLDEN_CONTEXT.now.getTime()) * 1_000_000n;
const REJECT_OLDER_NS = 7n * 24n * 3600n * 1_000_000_000n; // reject_old_samples_max_age 1w
const CREATION_GRACE_NS = 10n * 60n * 1_000_000_000n; // creation_grace_period 10m
const USER = '123456';
const PASSWORD = 'glc_local_secret';

const stored = new Map<string, { tenant: string; labels: string; ns: bigint; line: string }>();

function text(status: number, body: string): ReceiverReply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `${body}\n` };
}

function streamText(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ')}}`;
}

/**
 * Answers like Loki's distributor behind an auth gateway (NOTES.md §7a; Loki's ingestion guide):
 * a multi-tenant Loki wants `X-Scope-OrgID`; the gateway checks basic auth; entries are
 * validated one by one — valid ones are stored (deduplicated on stream, ns and line) even when
 * others are refused, and the answer is 400 with the last error, or 204.
 */
function loki(req: ReceivedRequest): ReceiverReply {
  if (req.method !== 'POST' || req.path !== '/loki/api/v1/push')
    return text(404, '404 page not found');
  const auth = req.headers['authorization'];
  if (
    auth !== undefined &&
    auth !== `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`
  ) {
    return text(401, 'invalid authentication credentials');
  }
  const tenant = req.headers['x-scope-orgid'];
  if (typeof tenant !== 'string') return text(401, 'no org id');
  if (req.headers['content-type'] !== 'application/json') {
    return text(400, 'unexpected content type: expected application/json');
  }
  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return text(400, 'loghttp.PushRequest: failed to parse JSON');
  }
  const { entries, violations } = readLokiPush(body);
  if (violations.length > 0) return text(400, violations.at(-1)!);
  if (tenant === 'rate-limited') {
    const bytes = entries.reduce((n, e) => n + Buffer.byteLength(e.line), 0);
    return text(
      429,
      `ingestion rate limit exceeded for user ${tenant} (limit: 4194304 bytes/sec) while attempting to ingest ${entries.length} lines totaling ${bytes} bytes, reduce log volume or contact your Loki administrator to see if the limit can be increased`,
    );
  }
  if (tenant === 'unavailable') return text(503, 'service unavailable');
  let last: string | undefined;
  for (const e of entries) {
    const stream = streamText(e.labels);
    if (Buffer.byteLength(e.line) > LOKI_LIMITS.maxLineSize) {
      last = `max entry size ${LOKI_LIMITS.maxLineSize} bytes exceeded for stream ${stream} while adding an entry with length ${Buffer.byteLength(e.line)} bytes`;
    } else if (e.ns < NOW_NS - REJECT_OLDER_NS) {
      last = `entry for stream ${stream} has timestamp too old: ${e.ns}, oldest acceptable timestamp is: ${NOW_NS - REJECT_OLDER_NS}`;
    } else if (e.ns > NOW_NS + CREATION_GRACE_NS) {
      last = `entry for stream ${stream} has timestamp too new: ${e.ns}`;
    } else {
      stored.set(`${tenant}|${stream}|${e.ns}|${e.line}`, {
        tenant,
        labels: stream,
        ns: e.ns,
        line: e.line,
      });
    }
  }
  return last === undefined ? { status: 204 } : text(400, last);
}

let receiver: LocalReceiver;
beforeAll(async () => {
  receiver = await startReceiver(loki);
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(() => stored.clear());

const config = (extra: Record<string, unknown> = {}) =>
  LokiConfigSchema.parse({ url: receiver.url, tenant: 'team-a', ...extra });
const CORPUS = corpusCases().map((c) => c.event);
const events = () => [...CORPUS];

function at(base: DeliverableEvent, time: string): DeliverableEvent {
  const event = { ...base.event, time };
  return { ...base, event, eventJson: JSON.stringify({ ...event, raw: undefined }) };
}

async function push(batch: readonly DeliverableEvent[], extra: Record<string, unknown> = {}) {
  const answer = await sendWithFetch(lokiOutput.render(batch, config(extra), GOLDEN_CONTEXT));
  return { answer, outcome: whole(lokiOutput.classify(answer, batch.length)) };
}

describe('loki against a local receiver answering like Loki', () => {
  it('stores the whole corpus in one push (204), at Falco’s exact ns times, lines the events', async () => {
    const { answer, outcome } = await push(events());
    expect(answer.status, answer.body).toBe(204);
    expect(outcome).toEqual({ ok: true });
    expect(stored.size).toBe(events().length);
    const lines = [...stored.values()].map((e) => JSON.parse(e.line) as { id: string });
    expect(new Set(lines.map((l) => l.id))).toEqual(new Set(events().map((e) => e.event.id)));
    expect([...stored.values()].every((e) => e.ns === 1777629600123456789n)).toBe(true);
  });

  it('a retried push stores nothing twice (Loki drops the same stream, ns and line)', async () => {
    await push(events());
    const { outcome } = await push(events());
    expect(outcome).toEqual({ ok: true });
    expect(stored.size).toBe(events().length);
  });

  it('with basic auth (Grafana Cloud) and structured metadata the push is accepted', async () => {
    const { answer } = await push(events(), {
      username: USER,
      password: PASSWORD,
      structuredMetadata: true,
    });
    expect(answer.status, answer.body).toBe(204);
  });

  it('a huge event is shortened under max_line_size instead of refused', async () => {
    const [c] = events();
    const big = {
      ...c!.event,
      output_fields: { ...c!.event.output_fields, 'proc.env': 'x'.repeat(1_000_000) },
    };
    const huge = { ...c!, event: big, eventJson: JSON.stringify({ ...big, raw: undefined }) };
    const { answer, outcome } = await push([huge]);
    expect(answer.status, answer.body).toBe(204);
    expect(outcome).toEqual({ ok: true });
    expect(JSON.parse([...stored.values()][0]!.line)).toMatchObject({
      aerie_truncated: true,
      id: c!.event.id,
    });
  });

  it('an event over a week old: 400, permanent, while Loki kept the rest of the batch', async () => {
    const batch = events();
    batch[3] = at(batch[3]!, '2026-04-20T10:00:00Z');
    const { answer, outcome } = await push(batch);
    expect(answer.status).toBe(400);
    expect(outcome).toMatchObject({ ok: false, retryable: false });
    expect(outcome.ok === false && outcome.error).toMatch(
      /^Loki 400: entry for stream .* has timestamp too old/,
    );
    // Partial acceptance: why the whole batch may be replayed without duplicates.
    expect(stored.size).toBe(batch.length - 1);
    await push(batch);
    expect(stored.size).toBe(batch.length - 1);
  });

  it('an event from a clock an hour ahead: 400 too new, permanent', async () => {
    const [first] = events();
    const { outcome } = await push([at(first!, '2026-05-01T11:00:00Z')]);
    expect(outcome).toMatchObject({ ok: false, retryable: false });
    expect(outcome.ok === false && outcome.error).toContain('has timestamp too new');
  });

  it('over the tenant’s rate: 429, retried', async () => {
    const { answer, outcome } = await push(events(), { tenant: 'rate-limited' });
    expect(answer.status).toBe(429);
    expect(outcome).toMatchObject({ ok: false, retryable: true });
    expect(outcome.ok === false && outcome.error).toContain('ingestion rate limit exceeded');
  });

  it('Loki unavailable: 503, retried', async () => {
    const { outcome } = await push(events(), { tenant: 'unavailable' });
    expect(outcome).toMatchObject({ ok: false, retryable: true });
  });

  it('no tenant or a wrong password: 401, permanent, and the password never in the error', async () => {
    const noTenant = LokiConfigSchema.parse({ url: receiver.url });
    const answer = await sendWithFetch(lokiOutput.render(events(), noTenant, GOLDEN_CONTEXT));
    expect(whole(lokiOutput.classify(answer))).toEqual({
      ok: false,
      retryable: false,
      error: 'Loki 401: no org id',
    });
    const { outcome } = await push(events(), { username: USER, password: 'wrong-SECRET' });
    expect(outcome).toMatchObject({ ok: false, retryable: false });
    expect(JSON.stringify(outcome)).not.toContain('SECRET');
    expect(stored.size).toBe(0);
  });
});
