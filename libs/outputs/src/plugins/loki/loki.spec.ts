import { describe, expect, it } from 'vitest';
import { outputsFromFalcosidekick } from '../../compat/falcosidekick.compat.js';
import type { DeliverableEvent, HttpAnswer } from '../../output.js';
import { OUTPUT_PLUGINS } from '../../registry.js';
import { corpusCases, GOLDEN_CONTEXT } from '../../test-support/corpus-events.js';
import { expectGolden, goldenMessage } from '../../test-support/golden.js';
import { LOKI_LIMITS, readLokiPush } from '../../test-support/loki-push-contract.js';
import { fairShares, shrinkJsonObject, truncateBytes } from './byte-budget.js';
import { isoFromNs, nsSinceEpoch } from './event-time.js';
import { classifyLoki } from './loki.classify.js';
import { LokiConfigSchema, type LokiConfig } from './loki.config.js';
import { lokiOutput } from './loki.output.js';
import { REQUEST_LINES_BUDGET } from './loki.render.js';

const config = LokiConfigSchema.parse({ url: 'http://loki:3100' });
const cases = corpusCases();

interface Body {
  streams: {
    stream: Record<string, string>;
    values: [string, string, Record<string, string>?][];
  }[];
}

function render(events: readonly DeliverableEvent[], c: LokiConfig = config): Body {
  return JSON.parse(lokiOutput.render(events, c, GOLDEN_CONTEXT).body) as Body;
}

/** A corpus event at another time (RFC 3339 with ns) and id. */
function at(base: DeliverableEvent, time: string, id: string): DeliverableEvent {
  const event = { ...base.event, id, time };
  return { ...base, event, eventJson: JSON.stringify({ ...event, raw: undefined }) };
}

describe('loki render over the Falco rules corpus', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s matches its golden file', (name, c) => {
    expectGolden(
      import.meta.url,
      name,
      goldenMessage(lokiOutput.render([c.event], config, GOLDEN_CONTEXT)),
    );
  });

  it('renders the whole corpus as one batch (golden), valid for Loki', () => {
    const message = lokiOutput.render(
      cases.map((c) => c.event),
      config,
      GOLDEN_CONTEXT,
    );
    expectGolden(import.meta.url, 'batch', goldenMessage(message));
    const { entries, violations } = readLokiPush(JSON.parse(message.body));
    expect(violations).toEqual([]);
    expect(entries).toHaveLength(cases.length);
    for (const e of entries)
      expect(Buffer.byteLength(e.line)).toBeLessThanOrEqual(LOKI_LIMITS.maxLineSize);
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: the line is the stored event byte for byte, at Falco’s exact ns time',
    (_n, c) => {
      const body = render([c.event]);
      expect(body.streams).toHaveLength(1);
      const [value] = body.streams[0]!.values;
      expect(value![0]).toBe('1777629600123456789');
      expect(value![1]).toBe(c.event.eventJson);
    },
  );

  it('keeps Falco’s evt.time integer beyond 2^53 exactly inside the JSON line', () => {
    const c = cases.find((x) => x.event.rawJson.includes('"evt.time":'))!;
    const line = render([c.event]).streams[0]!.values[0]![1];
    expect(line).toContain('"evt.time":1777629600123456789');
  });

  it('labels streams only with bounded attributes, by default source, priority, cluster, boundary', () => {
    const allowed = new Set(['source', 'priority', 'cluster', 'boundary']);
    for (const c of cases) {
      const [stream] = render([c.event]).streams;
      for (const name of Object.keys(stream!.stream)) expect(allowed).toContain(name);
      expect(stream!.stream['source']).toBe(c.event.event.source);
      expect(stream!.stream['priority']).toBe(c.event.event.priority);
    }
  });

  it('groups a batch by label set and orders each stream by time', () => {
    const [a, b] = cases;
    if (!a || !b || a.event.event.source === b.event.event.source) throw new Error('corpus shape');
    const events = [
      at(a.event, '2026-05-01T10:00:03.000000002Z', '00000000-0000-4000-8000-00000000a003'),
      at(b.event, '2026-05-01T10:00:02Z', '00000000-0000-4000-8000-00000000b002'),
      at(a.event, '2026-05-01T10:00:01.5Z', '00000000-0000-4000-8000-00000000a001'),
      at(a.event, '2026-05-01T10:00:03.000000001Z', '00000000-0000-4000-8000-00000000a002'),
    ];
    const body = render(events);
    expect(body.streams).toHaveLength(2);
    expect(body.streams[0]!.stream['source']).toBe(a.event.event.source);
    expect(body.streams[0]!.values.map((v) => v[0])).toEqual([
      '1777629601500000000',
      '1777629603000000001',
      '1777629603000000002',
    ]);
    expect(body.streams[0]!.values.map((v) => (JSON.parse(v[1]) as { id: string }).id)).toEqual([
      '00000000-0000-4000-8000-00000000a001',
      '00000000-0000-4000-8000-00000000a002',
      '00000000-0000-4000-8000-00000000a003',
    ]);
    expect(body.streams[1]!.values.map((v) => v[0])).toEqual(['1777629602000000000']);
  });

  it('adds static labels and opt-in namespace; an event without namespace has no such label', () => {
    const c = LokiConfigSchema.parse({
      url: 'http://loki:3100',
      labels: ['source', 'namespace'],
      staticLabels: { env: 'prod', job: 'aerie' },
    });
    const withNs = cases.find((x) => x.event.event.namespace !== null)!;
    const withoutNs = cases.find((x) => x.event.event.namespace === null)!;
    expect(render([withNs.event], c).streams[0]!.stream).toEqual({
      env: 'prod',
      job: 'aerie',
      namespace: withNs.event.event.namespace,
      source: withNs.event.event.source,
    });
    expect(render([withoutNs.event], c).streams[0]!.stream).toEqual({
      env: 'prod',
      job: 'aerie',
      source: withoutNs.event.event.source,
    });
  });

  it('puts per-event values in structured metadata when asked, never in labels', () => {
    const c = LokiConfigSchema.parse({ url: 'http://loki:3100', structuredMetadata: true });
    const e = cases.find((x) => x.event.event.pod !== null)!.event.event;
    const [value] = render([cases.find((x) => x.event.event.id === e.id)!.event], c).streams[0]!
      .values;
    expect(value![2]).toEqual({
      event_id: e.id,
      hostname: e.hostname,
      namespace: e.namespace,
      pod: e.pod,
      workload: e.workload,
      rule: e.rule,
    });
    const { violations } = readLokiPush(render([cases[0]!.event], c));
    expect(violations).toEqual([]);
  });

  it('sends the output text or Falco’s payload as the line when asked (Falcosidekick text/json)', () => {
    const [c] = cases;
    const text = LokiConfigSchema.parse({ url: 'http://loki:3100', line: 'output' });
    const falco = LokiConfigSchema.parse({ url: 'http://loki:3100', line: 'falco' });
    expect(render([c!.event], text).streams[0]!.values[0]![1]).toBe(c!.event.event.output);
    expect(render([c!.event], falco).streams[0]!.values[0]![1]).toBe(c!.event.rawJson);
  });

  it('shortens a line over maxLineBytes into valid JSON, keeping exact numbers', () => {
    const huge = cases.find((c) => c.name === 'huge-field')!;
    const small = LokiConfigSchema.parse({ url: 'http://loki:3100', maxLineBytes: 8192 });
    const line = render([huge.event], small).streams[0]!.values[0]![1];
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(8192);
    const parsed = JSON.parse(line) as { aerie_truncated: boolean; id: string; rule: string };
    expect(parsed).toMatchObject({
      aerie_truncated: true,
      id: huge.event.event.id,
      rule: huge.event.event.rule,
    });
    expect(line).toContain('"evt.time":1777629600123456789');
  });

  it('keeps a full batch of huge events within the request budget, every event present', () => {
    const huge = cases.find((c) => c.name === 'huge-field')!;
    const big = 'y'.repeat(200_000);
    const events = Array.from({ length: lokiOutput.maxBatch }, (_, i) => {
      const event = {
        ...huge.event.event,
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        output_fields: { ...huge.event.event.output_fields, 'proc.env': big },
      };
      return { ...huge.event, event, eventJson: JSON.stringify({ ...event, raw: undefined }) };
    });
    const { entries, violations } = readLokiPush(render(events));
    expect(violations).toEqual([]);
    expect(entries).toHaveLength(lokiOutput.maxBatch);
    const total = entries.reduce((n, e) => n + Buffer.byteLength(e.line), 0);
    expect(total).toBeLessThanOrEqual(REQUEST_LINES_BUDGET);
    expect(new Set(entries.map((e) => (JSON.parse(e.line) as { id: string }).id)).size).toBe(
      lokiOutput.maxBatch,
    );
  });

  it('sends the tenant header, basic or bearer auth, and custom headers that cannot replace its own', () => {
    const [c] = cases;
    const basic = LokiConfigSchema.parse({
      url: 'https://logs.example.net/',
      tenant: 'team-a',
      username: '123456',
      password: 'glc_secret',
      headers: { 'X-Proxy': 'p' },
      gzip: true,
    });
    const message = lokiOutput.render([c!.event], basic, GOLDEN_CONTEXT);
    expect(message.url).toBe('https://logs.example.net/loki/api/v1/push');
    expect(message.gzip).toBe(true);
    expect(message.headers).toEqual({
      'X-Proxy': 'p',
      'content-type': 'application/json',
      'x-scope-orgid': 'team-a',
      authorization: `Basic ${Buffer.from('123456:glc_secret').toString('base64')}`,
    });
    const bearer = LokiConfigSchema.parse({ url: 'http://loki:3100', bearerToken: 'tok' });
    expect(lokiOutput.render([c!.event], bearer, GOLDEN_CONTEXT).headers['authorization']).toBe(
      'Bearer tok',
    );
    const both = LokiConfigSchema.parse({ ...basic, bearerToken: 'tok' });
    expect(lokiOutput.render([c!.event], both, GOLDEN_CONTEXT).headers['authorization']).toBe(
      'Bearer tok',
    );
    expect(lokiOutput.render([c!.event], config, GOLDEN_CONTEXT).gzip).toBeUndefined();
    expect(
      LokiConfigSchema.safeParse({ url: 'http://loki:3100', headers: { 'X-Scope-OrgID': 'x' } })
        .success,
    ).toBe(false);
  });
});

describe('loki config', () => {
  const bad = (extra: Record<string, unknown>) =>
    LokiConfigSchema.safeParse({ url: 'http://loki:3100', ...extra }).success;

  it('refuses unbounded or invalid labels and inconsistent auth', () => {
    expect(bad({ labels: ['pod'] })).toBe(false);
    expect(bad({ labels: ['source', 'source'] })).toBe(false);
    expect(bad({ staticLabels: { 'bad-name': 'x' } })).toBe(false);
    expect(bad({ staticLabels: { __name__: 'x' } })).toBe(false);
    expect(bad({ staticLabels: { source: 'x' } })).toBe(false);
    expect(bad({ staticLabels: { env: '' } })).toBe(false);
    expect(bad({ labels: ['cluster', 'namespace'] })).toBe(false);
    expect(bad({ labels: ['cluster'], staticLabels: { job: 'aerie' } })).toBe(true);
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`l${i}`, 'v']));
    expect(bad({ staticLabels: many })).toBe(false);
    expect(bad({ password: 'p' })).toBe(false);
    expect(bad({ tenant: 'a/b' })).toBe(false);
    expect(bad({ tenant: '..' })).toBe(false);
  });

  it('marks the credentials and headers secret', () => {
    expect(lokiOutput.secretFields).toEqual(['password', 'bearerToken', 'headers']);
  });
});

describe('loki classify (answers from NOTES.md §7a and Loki’s ingestion guide)', () => {
  const answer = (status: number, body = '', headers: Record<string, string> = {}): HttpAnswer => ({
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
    body,
  });

  it('204 is delivered', () => {
    expect(classifyLoki(answer(204))).toEqual({ ok: true });
  });

  it('260 (block_ingestion_until) is a permanent failure, not a silent success', () => {
    expect(classifyLoki(answer(260))).toMatchObject({ ok: false, retryable: false });
  });

  it('400 validation errors are permanent and carry Loki’s reason', () => {
    expect(
      classifyLoki(
        answer(
          400,
          'entry for stream \'{source="syscall"}\' has timestamp too old: 2026-04-01T10:00:00Z, oldest acceptable timestamp is: 2026-04-24T10:00:05Z\n',
        ),
      ),
    ).toEqual({
      ok: false,
      retryable: false,
      error:
        'Loki 400: entry for stream \'{source="syscall"}\' has timestamp too old: 2026-04-01T10:00:00Z, oldest acceptable timestamp is: 2026-04-24T10:00:05Z',
    });
    expect(classifyLoki(answer(413, 'Request body too large'))).toMatchObject({ retryable: false });
  });

  it('429 is retried, after Retry-After when a gateway sends one; 5xx is retried', () => {
    const limited = classifyLoki(answer(429, 'ingestion rate limit exceeded for user t'));
    expect(limited).toMatchObject({ ok: false, retryable: true });
    expect(limited).not.toHaveProperty('retryAfterMs');
    expect(classifyLoki(answer(429, '', { 'retry-after': '7' }))).toMatchObject({
      retryable: true,
      retryAfterMs: 7000,
    });
    expect(classifyLoki(answer(503, 'service unavailable'))).toMatchObject({ retryable: true });
  });

  it('401 and 404 are permanent', () => {
    expect(classifyLoki(answer(401, 'no org id'))).toMatchObject({ retryable: false });
    expect(classifyLoki(answer(404, '404 page not found'))).toMatchObject({ retryable: false });
  });
});

describe('byte budget and time helpers', () => {
  it('shares a budget so small items keep their size', () => {
    expect(fairShares([10, 1000, 20], 200)).toEqual([10, 170, 20]);
    expect(fairShares([100, 100], 150)).toEqual([75, 75]);
    expect(fairShares([5, 5], 100)).toEqual([5, 5]);
  });

  it('cuts UTF-8 without splitting a code point, and JSON objects into valid JSON', () => {
    const cut = truncateBytes('ab😀😀', 8);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(8);
    expect(cut).toBe('ab…');
    const text = `{"n":1777629600123456789,"s":"${'x'.repeat(500)}","o":{"k":"${'z'.repeat(500)}","m":2}}`;
    const small = shrinkJsonObject(text, 200)!;
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(200);
    expect(small).toContain('"n":1777629600123456789');
    expect(JSON.parse(small)).toMatchObject({ aerie_truncated: true, o: { m: 2 } });
    expect(shrinkJsonObject(text, 5)).toBeUndefined();
  });

  it('reads RFC 3339 times to exact ns, with offsets, and writes 100 ns ticks', () => {
    expect(nsSinceEpoch('2026-05-01T10:00:00.123456789Z')).toBe(1777629600123456789n);
    expect(nsSinceEpoch('2026-05-01T12:00:00.5+02:00')).toBe(1777629600500000000n);
    expect(nsSinceEpoch('not a time')).toBeUndefined();
    expect(isoFromNs(1777629600123456789n, 7)).toBe('2026-05-01T10:00:00.1234567Z');
  });
});

describe('Falcosidekick LOKI_* settings', () => {
  it('import as a loki output with bounded labels, credentials and its line format', () => {
    const imported = outputsFromFalcosidekick(
      {
        env: {
          LOKI_HOSTPORT: 'https://logs-prod-eu-west-0.grafana.net',
          LOKI_ENDPOINT: 'loki/api/v1/push',
          LOKI_USER: '123456',
          LOKI_APIKEY: 'glc_SECRETkey',
          LOKI_TENANT: 'team-a',
          LOKI_FORMAT: 'json',
          LOKI_EXTRALABELS: 'k8s.ns.name,proc.name',
          LOKI_CUSTOMHEADERS: 'X-Env:prod,broken',
          LOKI_MINIMUMPRIORITY: 'warning',
          LOKI_CHECKCERT: 'false',
        },
      },
      { plugins: OUTPUT_PLUGINS },
    );
    expect(imported.outputs).toEqual([
      {
        type: 'loki',
        name: 'loki',
        config: {
          url: 'https://logs-prod-eu-west-0.grafana.net',
          endpoint: '/loki/api/v1/push',
          tenant: 'team-a',
          username: '123456',
          password: 'glc_SECRETkey',
          line: 'falco',
          labels: ['source', 'priority', 'cluster', 'boundary', 'namespace'],
          headers: { 'X-Env': 'prod' },
        },
        route: { min_priority: 'warning' },
        delivery: { tls: { insecureSkipVerify: true } },
      },
    ]);
    const warnings = imported.warnings.join('\n');
    expect(warnings).toContain('loki.extralabels (LOKI_EXTRALABELS): item 2 is an output field');
    expect(warnings).toContain('loki.customheaders (LOKI_CUSTOMHEADERS): item(s) 2');
    expect(warnings).toContain("Falcosidekick's rule, hostname, tags");
    expect(warnings).not.toContain('SECRET');
    expect(warnings).not.toContain('not supported yet: loki');
    expect(LokiConfigSchema.safeParse(imported.outputs[0]!.config).success).toBe(true);
  });

  it('defaults to Falcosidekick’s text lines and warns about half-set credentials', () => {
    const imported = outputsFromFalcosidekick({
      configYaml: { loki: { hostport: 'http://loki:3100', apikey: 'SECRETonly' } },
    });
    expect(imported.outputs[0]!.config).toEqual({
      url: 'http://loki:3100',
      line: 'output',
      labels: ['source', 'priority', 'cluster', 'boundary'],
    });
    expect(imported.warnings.join('\n')).toContain(
      'loki.apikey (LOKI_APIKEY) is set without user: imported without credentials',
    );
  });
});
