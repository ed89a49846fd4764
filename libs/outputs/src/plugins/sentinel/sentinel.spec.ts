import { describe, expect, it } from 'vitest';
import { PRIORITIES } from '@aerie/contracts';
import type { DeliverableEvent, HttpAnswer, RenderContext } from '../../output.js';
import { azureIngestionContract } from '../../test-support/azure-monitor-contract.js';
import { corpusCases, GOLDEN_CONTEXT } from '../../test-support/corpus-events.js';
import { expectGolden, goldenMessage } from '../../test-support/golden.js';
import { sentinelAuth } from './sentinel.auth.js';
import { classifySentinel } from './sentinel.classify.js';
import { SentinelConfigSchema } from './sentinel.config.js';
import { sentinelOutput } from './sentinel.output.js';
import { BODY_BUDGET, COLUMN_MAX_BYTES, sentinelSeverity } from './sentinel.render.js';

const SECRET = 'SECRET~client.secret_value';
const config = SentinelConfigSchema.parse({
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '0b3e5f1a-7c2d-4e8f-9a6b-1c2d3e4f5a6b',
  clientSecret: SECRET,
  endpoint: 'https://aerie-dce-x1y2.westeurope-1.ingest.monitor.azure.com',
  dcrImmutableId: 'dcr-00112233445566778899aabbccddeeff',
});
const ctx: RenderContext = { ...GOLDEN_CONTEXT, accessToken: 'eyJ0eXAiOiJKV1Qi.test.token' };
const cases = corpusCases();
const contract = azureIngestionContract();

/** The DCR stream's columns as docs/outputs/sentinel.md declares them. */
const COLUMNS = [
  'TimeGenerated',
  'ReceivedAt',
  'EventId',
  'Priority',
  'Severity',
  'Rule',
  'Source',
  'Boundary',
  'Hostname',
  'Cluster',
  'Namespace',
  'Workload',
  'Pod',
  'ContainerImage',
  'Tags',
  'Output',
  'OutputFields',
  'Fingerprint',
  'GroupId',
  'EventUrl',
  'Truncated',
];

type Row = Record<string, unknown> & { OutputFields: Record<string, unknown>; Truncated: boolean };

function rows(events: readonly DeliverableEvent[]): { body: string; rows: Row[] } {
  const body = sentinelOutput.render(events, config, ctx).body;
  return { body, rows: JSON.parse(body) as Row[] };
}

function withFields(
  base: DeliverableEvent,
  id: string,
  extra: Record<string, string>,
): DeliverableEvent {
  const event = { ...base.event, id, output_fields: { ...base.event.output_fields, ...extra } };
  return { ...base, event, eventJson: JSON.stringify({ ...event, raw: undefined }) };
}

describe('sentinel render over the Falco rules corpus', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s matches its golden file', (name, c) => {
    expectGolden(
      import.meta.url,
      name,
      goldenMessage(sentinelOutput.render([c.event], config, ctx)),
    );
  });

  it('renders the whole corpus as one upload (golden) the swagger accepts', () => {
    const message = sentinelOutput.render(
      cases.map((c) => c.event),
      config,
      ctx,
    );
    expectGolden(import.meta.url, 'batch', goldenMessage(message));
    const body = JSON.parse(message.body) as unknown;
    expect(contract.body(body), JSON.stringify(contract.body.errors)).toBe(true);
    expect(contract.requestViolations(message.url, message.headers)).toEqual([]);
    expect(message.url).toBe(
      'https://aerie-dce-x1y2.westeurope-1.ingest.monitor.azure.com/dataCollectionRules/dcr-00112233445566778899aabbccddeeff/streams/Custom-FalcoEvents?api-version=2023-01-01',
    );
    expect(message.headers['authorization']).toBe('Bearer eyJ0eXAiOiJKV1Qi.test.token');
    expect(message.gzip).toBe(true);
    expect(Buffer.byteLength(message.body)).toBeLessThan(BODY_BUDGET);
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: one row in the documented columns',
    (_n, c) => {
      const [row] = rows([c.event]).rows;
      expect(Object.keys(row!)).toEqual(COLUMNS);
      expect(row).toMatchObject({
        TimeGenerated: '2026-05-01T10:00:00.1234567Z',
        EventId: c.event.event.id,
        Priority: c.event.event.priority,
        Rule: c.event.event.rule,
        Tags: c.event.event.tags,
        Truncated: false,
        EventUrl: ctx.eventUrl,
      });
      // Column names Log Analytics accepts: a letter first, at most 45 characters.
      for (const name of Object.keys(row!)) expect(name).toMatch(/^[A-Za-z][A-Za-z0-9_]{0,44}$/);
    },
  );

  it('keeps Falco’s evt.time integer exactly in OutputFields', () => {
    const c = cases.find((x) => x.event.rawJson.includes('"evt.time":'))!;
    expect(rows([c.event]).body).toContain('"evt.time":1777629600123456789');
  });

  it('links each row of a batch to its own event, only with an absolute public URL', () => {
    const [a, b] = cases;
    const message = sentinelOutput.render([a!.event, b!.event], config, {
      ...ctx,
      eventUrl: `https://aerie.example.com/events/${a!.event.event.id}`,
    });
    const [ra, rb] = JSON.parse(message.body) as Row[];
    expect(ra!['EventUrl']).toBe(`https://aerie.example.com/events/${a!.event.event.id}`);
    expect(rb!['EventUrl']).toBe(`https://aerie.example.com/events/${b!.event.event.id}`);
    const relative = sentinelOutput.render([a!.event], config, { ...ctx, eventUrl: '/events/x' });
    expect((JSON.parse(relative.body) as Row[])[0]!['EventUrl']).toBeNull();
  });

  it('cuts a value over 64 KB so OutputFields stays valid JSON, and says so', () => {
    const huge = cases.find((c) => c.name === 'huge-field')!;
    const event = withFields(huge.event, huge.event.event.id, { 'proc.env': 'x'.repeat(100_000) });
    const [row] = rows([event]).rows;
    expect(row!.Truncated).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(row!.OutputFields))).toBeLessThanOrEqual(
      COLUMN_MAX_BYTES,
    );
    expect(row!.OutputFields['aerie_truncated']).toBe(true);
  });

  it('keeps a full batch of huge events under 1 MB, every event present, small ones untouched', () => {
    const huge = cases.find((c) => c.name === 'huge-field')!;
    const small = cases[0]!.event;
    const events = Array.from({ length: sentinelOutput.maxBatch }, (_, i) =>
      i === 0
        ? small
        : withFields(huge.event, `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, {
            'proc.env': 'y'.repeat(200_000),
          }),
    );
    const { body, rows: all } = rows(events);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(BODY_BUDGET);
    expect(contract.body(JSON.parse(body))).toBe(true);
    expect(all.map((r) => r['EventId'])).toEqual(events.map((e) => e.event.id));
    expect(all[0]).toEqual(rows([small]).rows[0]);
    expect(all.slice(1).every((r) => r.Truncated)).toBe(true);
  });

  it('derives a stable x-ms-client-request-id (UUID) from the batch', () => {
    const [a, b] = cases;
    const id = (events: DeliverableEvent[]) =>
      sentinelOutput.render(events, config, ctx).headers['x-ms-client-request-id'];
    expect(id([a!.event])).toBe(id([a!.event]));
    expect(id([a!.event])).not.toBe(id([b!.event]));
    expect(id([a!.event])).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('refuses to render without the access token the engine fetches', () => {
    expect(() => sentinelOutput.render([cases[0]!.event], config, GOLDEN_CONTEXT)).toThrow(
      /access token/,
    );
  });

  it('maps every Falco priority to a Sentinel severity', () => {
    expect(Object.fromEntries(PRIORITIES.map((p) => [p, sentinelSeverity(p)]))).toEqual({
      Emergency: 'High',
      Alert: 'High',
      Critical: 'High',
      Error: 'Medium',
      Warning: 'Medium',
      Notice: 'Low',
      Informational: 'Informational',
      Debug: 'Informational',
    });
  });
});

describe('sentinel config', () => {
  const parse = (extra: Record<string, unknown>) =>
    SentinelConfigSchema.safeParse({ ...config, ...extra });
  it('checks the DCR id, stream, client id and headers; marks the secret', () => {
    expect(parse({ dcrImmutableId: 'my-dcr' }).success).toBe(false);
    expect(parse({ stream: 'Microsoft-Syslog' }).success).toBe(false);
    expect(parse({ clientId: 'app' }).success).toBe(false);
    expect(parse({ tenantId: 'contoso.onmicrosoft.com' }).success).toBe(true);
    expect(parse({ headers: { Authorization: 'x' } }).success).toBe(false);
    expect(sentinelOutput.secretFields).toEqual(['clientSecret', 'headers']);
  });
});

describe('sentinel token (OAuth2 client credentials against Entra ID)', () => {
  const answer = (status: number, body: unknown): HttpAnswer => ({
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });

  it('posts the client-credentials form to the tenant’s v2 token endpoint', () => {
    const request = sentinelAuth.tokenRequest(config);
    expect(request).toMatchObject({
      method: 'POST',
      url: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: config.clientId,
      client_secret: SECRET,
      scope: 'https://monitor.azure.com//.default',
    });
  });

  it('reads access_token and expires_in (a number, or v1’s numeric string)', () => {
    expect(
      sentinelAuth.readToken(
        answer(200, {
          token_type: 'Bearer',
          expires_in: 3599,
          ext_expires_in: 3599,
          access_token: 'tok',
        }),
      ),
    ).toEqual({ ok: true, token: 'tok', expiresInMs: 3_599_000 });
    expect(sentinelAuth.readToken(answer(200, { expires_in: '3600', access_token: 't' }))).toEqual({
      ok: true,
      token: 't',
      expiresInMs: 3_600_000,
    });
  });

  it('a bad secret is permanent, with the AADSTS code and never the secret', () => {
    const outcome = sentinelAuth.readToken(
      answer(401, {
        error: 'invalid_client',
        error_description:
          "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '0b3e5f1a-7c2d-4e8f-9a6b-1c2d3e4f5a6b'.\r\nTrace ID: 1\r\nCorrelation ID: 2",
        error_codes: [7000215],
      }),
    );
    expect(outcome).toMatchObject({ ok: false, retryable: false });
    expect(outcome.ok === false && outcome.error).toMatch(
      /^Entra ID token 401 invalid_client: AADSTS7000215: Invalid client secret provided\./,
    );
    expect(JSON.stringify(outcome)).not.toContain('Trace ID');
    expect(JSON.stringify(outcome)).not.toContain(SECRET);
  });

  it('throttling and outages of the token endpoint are retried', () => {
    expect(sentinelAuth.readToken(answer(429, { error: 'too_many_requests' }))).toMatchObject({
      retryable: true,
    });
    expect(sentinelAuth.readToken(answer(503, { error: 'temporarily_unavailable' }))).toMatchObject(
      { retryable: true },
    );
    expect(sentinelAuth.readToken(answer(400, { error: 'temporarily_unavailable' }))).toMatchObject(
      { retryable: true },
    );
    expect(sentinelAuth.readToken(answer(400, { error: 'invalid_scope' }))).toMatchObject({
      retryable: false,
    });
  });
});

describe('sentinel classify (answers from NOTES.md §7b and the swagger)', () => {
  const answer = (
    status: number,
    code?: string,
    headers: Record<string, string> = {},
  ): HttpAnswer => ({
    status,
    headers: { ...(code ? { 'x-ms-error-code': code } : {}), ...headers },
    body: code ? JSON.stringify({ error: { code, message: `${code} happened` } }) : '',
  });

  it('204 is delivered', () => {
    expect(classifySentinel(answer(204))).toEqual({ ok: true });
  });

  it('429 waits for Retry-After', () => {
    expect(classifySentinel(answer(429, 'TooManyRequests', { 'retry-after': '17' }))).toEqual({
      ok: false,
      retryable: true,
      error: 'Azure Monitor 429 TooManyRequests: TooManyRequests happened',
      retryAfterMs: 17_000,
    });
  });

  it('401 (a fresh token refused: the engine retried the cached one) and 403 are permanent', () => {
    expect(classifySentinel(answer(401, 'InvalidToken'))).toMatchObject({ retryable: false });
    const forbidden = classifySentinel(answer(403, 'Forbidden'));
    expect(forbidden).toMatchObject({ ok: false, retryable: false });
    expect(forbidden.ok === false && forbidden.error).toContain('Monitoring Metrics Publisher');
  });

  it('413, 400 and 404 are permanent; 5xx retried; a non-JSON body falls back to x-ms-error-code', () => {
    expect(classifySentinel(answer(413, 'ContentLengthLimitExceeded'))).toMatchObject({
      retryable: false,
    });
    expect(classifySentinel(answer(404, 'NotFound'))).toMatchObject({ retryable: false });
    expect(classifySentinel(answer(500, 'InternalServerError'))).toMatchObject({ retryable: true });
    expect(
      classifySentinel({
        status: 502,
        headers: { 'x-ms-error-code': 'BadGateway' },
        body: '<html>',
      }),
    ).toMatchObject({ retryable: true, error: 'Azure Monitor 502 BadGateway' });
  });
});
