import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BatchOutcome, DeliverableEvent, HttpMessage, Outcome } from '../../output.js';
import { azureIngestionContract } from '../../test-support/azure-monitor-contract.js';
import { corpusCases, GOLDEN_CONTEXT } from '../../test-support/corpus-events.js';
import {
  sendWithFetch,
  startReceiver,
  type LocalReceiver,
  type ReceivedRequest,
  type ReceiverReply,
} from '../../test-support/local-receiver.js';
import { SentinelConfigSchema, type SentinelConfig } from './sentinel.config.js';
import { sentinelOutput } from './sentinel.output.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const APP = '0b3e5f1a-7c2d-4e8f-9a6b-1c2d3e4f5a6b';

/** The plugin answers for the batch as a whole (it has no per-event outcomes). */
function whole(outcome: BatchOutcome): Outcome {
  if ('perEvent' in outcome) throw new Error('unexpected per-event outcome');
  return outcome;
}

/** Registered, but without the Monitoring Metrics Publisher role on the DCR. */
const APP_WITHOUT_ROLE = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
const SECRET = 'SECRET~local.client_secret';
const DCR = 'dcr-00112233445566778899aabbccddeeff';
const THROTTLED_DCR = 'dcr-ffffffffffffffffffffffffffffffff';
const STREAM = 'Custom-FalcoEvents';
const contract = azureIngestionContract();

const tokens = new Map<string, string>(); // access token → client id
const rows: Record<string, unknown>[] = [];
const errorBodies: unknown[] = [];

function json(status: number, body: unknown, headers: Record<string, string> = {}): ReceiverReply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** Entra ID's v2 token endpoint: the error shape of its AADSTS answers. */
function entra(req: ReceivedRequest, tenant: string): ReceiverReply {
  const form = new URLSearchParams(req.body);
  const fail = (status: number, error: string, code: number, text: string) =>
    json(status, {
      error,
      error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: 2026-05-01 10:00:05Z`,
      error_codes: [code],
      timestamp: '2026-05-01 10:00:05Z',
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    });
  if (tenant !== TENANT)
    return fail(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
  if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') {
    return fail(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'grant_type'.",
    );
  }
  if (form.get('grant_type') !== 'client_credentials') {
    return fail(
      400,
      'unsupported_grant_type',
      70003,
      'The app requested an unsupported grant type.',
    );
  }
  const client = form.get('client_id') ?? '';
  if (client !== APP && client !== APP_WITHOUT_ROLE) {
    return fail(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${client}' was not found in the directory.`,
    );
  }
  if (form.get('client_secret') !== SECRET) {
    return fail(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client}'.`,
    );
  }
  if (form.get('scope') !== 'https://monitor.azure.com//.default') {
    return fail(400, 'invalid_scope', 1002012, 'The provided value for scope is not valid.');
  }
  const token = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${randomUUID()}`;
  tokens.set(token, client);
  return json(200, {
    token_type: 'Bearer',
    expires_in: 3599,
    ext_expires_in: 3599,
    access_token: token,
  });
}

/**
 * The Logs Ingestion API (NOTES.md §7b): the swagger's request and error shapes, 204 on success,
 * 1 MB a call, per-DCR throttling with Retry-After. Error codes are those Azure reports in
 * `x-ms-error-code` as far as they are documented; the shapes are checked against the swagger.
 */
function ingestion(req: ReceivedRequest): ReceiverReply {
  const url = new URL(req.path, 'http://127.0.0.1');
  const error = (
    status: number,
    code: string,
    message: string,
    headers: Record<string, string> = {},
  ) => {
    const body = { error: { code, message } };
    errorBodies.push(body);
    return json(status, body, { 'x-ms-error-code': code, ...headers });
  };
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
  );
  const violations = contract.requestViolations(url.toString(), headers);
  if (violations.length > 0) return error(400, 'InvalidRequest', violations.join('; '));
  const client = tokens.get((req.headers['authorization'] ?? '').replace(/^Bearer /, ''));
  if (client === undefined)
    return error(401, 'InvalidToken', 'The provided access token is invalid or expired.');
  if (client === APP_WITHOUT_ROLE) {
    return error(
      403,
      'Forbidden',
      'The authentication token provided does not have access to ingest data for the data collection rule.',
    );
  }
  const [, , rule, , stream] = url.pathname.split('/');
  if (rule !== DCR && rule !== THROTTLED_DCR) {
    return error(404, 'NotFound', `Data collection rule with immutable Id '${rule}' not found.`);
  }
  if (stream !== STREAM)
    return error(
      400,
      'InvalidStream',
      `Stream '${stream}' is not declared in the data collection rule.`,
    );
  const size = Buffer.byteLength(req.body);
  if (size > 1_048_576) {
    return error(
      413,
      'ContentLengthLimitExceeded',
      `Maximum allowed content length: 1048576 bytes (1 MB). Provided content length: ${size} bytes.`,
    );
  }
  if (rule === THROTTLED_DCR)
    return error(429, 'TooManyRequests', 'Request rate is too high.', { 'retry-after': '17' });
  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return error(400, 'InvalidPayload', 'The request body is not valid JSON.');
  }
  if (!contract.body(body))
    return error(400, 'InvalidPayload', 'The request body must be a JSON array of objects.');
  rows.push(...(body as Record<string, unknown>[]));
  return { status: 204 };
}

function azure(req: ReceivedRequest): ReceiverReply {
  const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(req.path);
  if (req.method === 'POST' && token) return entra(req, decodeURIComponent(token[1]!));
  if (req.method === 'POST' && req.path.startsWith('/dataCollectionRules/')) return ingestion(req);
  return json(404, { error: { code: 'NotFound', message: 'Not found' } });
}

let receiver: LocalReceiver;
beforeAll(async () => {
  receiver = await startReceiver(azure);
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(() => {
  rows.length = 0;
});

const CORPUS = corpusCases().map((c) => c.event);

function config(extra: Partial<SentinelConfig> = {}): SentinelConfig {
  return SentinelConfigSchema.parse({
    tenantId: TENANT,
    clientId: APP,
    clientSecret: SECRET,
    endpoint: receiver.url,
    dcrImmutableId: DCR,
    authorityHost: receiver.url,
    ...extra,
  });
}

/** What the engine does: a token (auth), then the upload with it. */
async function deliver(
  events: readonly DeliverableEvent[],
  c: SentinelConfig,
): Promise<{ token: Outcome | 'ok'; outcome?: Outcome; message?: HttpMessage }> {
  const read = sentinelOutput.auth!.readToken(
    await sendWithFetch(sentinelOutput.auth!.tokenRequest(c)),
  );
  if (!read.ok) return { token: read };
  const message = sentinelOutput.render(events, c, { ...GOLDEN_CONTEXT, accessToken: read.token });
  const answer = await sendWithFetch(message);
  return { token: 'ok', outcome: whole(sentinelOutput.classify(answer, events.length)), message };
}

describe('sentinel against local receivers answering like Entra ID and the Logs Ingestion API', () => {
  it('gets a token and uploads the whole corpus (204): one row per event, valid per the swagger', async () => {
    const { token, outcome } = await deliver(CORPUS, config());
    expect(token).toBe('ok');
    expect(outcome).toEqual({ ok: true });
    expect(rows.map((r) => r['EventId'])).toEqual(CORPUS.map((e) => e.event.id));
  });

  it('uploads 200 huge events in one call under the 1 MB limit', async () => {
    const [base] = CORPUS;
    const events = Array.from({ length: sentinelOutput.maxBatch }, (_, i) => {
      const event = {
        ...base!.event,
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        output_fields: { ...base!.event.output_fields, 'proc.env': 'z'.repeat(50_000) },
      };
      return { ...base!, event, eventJson: JSON.stringify({ ...event, raw: undefined }) };
    });
    const { outcome, message } = await deliver(events, config());
    expect(outcome).toEqual({ ok: true });
    expect(Buffer.byteLength(message!.body)).toBeLessThanOrEqual(1_000_000);
    expect(rows).toHaveLength(sentinelOutput.maxBatch);
  });

  it('a body over 1 MB is refused with 413 ContentLengthLimitExceeded, permanent', async () => {
    const { message } = await deliver(CORPUS.slice(0, 1), config());
    const rows1 = JSON.parse(message!.body) as unknown[];
    const copies = Math.ceil(1_100_000 / JSON.stringify(rows1[0]).length);
    const forged = {
      ...message!,
      body: JSON.stringify(Array.from({ length: copies }, () => rows1[0])),
    };
    const outcome = whole(sentinelOutput.classify(await sendWithFetch(forged)));
    expect(outcome).toMatchObject({ ok: false, retryable: false });
    expect(outcome.ok === false && outcome.error).toContain('413 ContentLengthLimitExceeded');
  });

  it('a wrong client secret fails at the token, permanently, without the secret', async () => {
    const { token } = await deliver(CORPUS, config({ clientSecret: 'SECRET-wrong' }));
    expect(token).toMatchObject({ ok: false, retryable: false });
    expect(token !== 'ok' && token.ok === false && token.error).toMatch(
      /^Entra ID token 401 invalid_client: AADSTS7000215: Invalid client secret provided/,
    );
    expect(JSON.stringify(token)).not.toContain('SECRET');
  });

  it('an unknown tenant fails at the token (400 AADSTS90002), permanently', async () => {
    const { token } = await deliver(CORPUS, config({ tenantId: 'contoso.onmicrosoft.com' }));
    expect(token).toMatchObject({ ok: false, retryable: false });
    expect(token !== 'ok' && token.ok === false && token.error).toContain('AADSTS90002');
  });

  it('a refused token (401) and an app without the role (403) are permanent', async () => {
    const { message } = await deliver(CORPUS.slice(0, 1), config());
    const expired = {
      ...message!,
      headers: { ...message!.headers, authorization: 'Bearer expired' },
    };
    // The engine retries a refused cached token with a fresh one before it asks the plugin.
    expect(whole(sentinelOutput.classify(await sendWithFetch(expired)))).toMatchObject({
      ok: false,
      retryable: false,
      error: 'Azure Monitor 401 InvalidToken: The provided access token is invalid or expired.',
    });
    const { outcome } = await deliver(CORPUS, config({ clientId: APP_WITHOUT_ROLE }));
    expect(outcome).toMatchObject({ ok: false, retryable: false });
    expect(outcome?.ok === false && outcome.error).toContain('Monitoring Metrics Publisher');
  });

  it('a throttled DCR answers 429 with Retry-After, retried after it', async () => {
    const { outcome } = await deliver(CORPUS, config({ dcrImmutableId: THROTTLED_DCR }));
    expect(outcome).toMatchObject({ ok: false, retryable: true, retryAfterMs: 17_000 });
  });

  it('an unknown DCR (404) or stream (400) is permanent', async () => {
    const unknown = await deliver(
      CORPUS,
      config({ dcrImmutableId: 'dcr-0123456789abcdef0123456789abcdef' }),
    );
    expect(unknown.outcome).toMatchObject({ ok: false, retryable: false });
    const stream = await deliver(CORPUS, config({ stream: 'Custom-Other' }));
    expect(stream.outcome).toMatchObject({ ok: false, retryable: false });
    expect(stream.outcome?.ok === false && stream.outcome.error).toContain('400 InvalidStream');
    expect(rows).toHaveLength(0);
  });

  it('every error the receiver answered has the swagger’s ErrorResponse shape', () => {
    expect(errorBodies.length).toBeGreaterThan(0);
    for (const body of errorBodies)
      expect(contract.errorResponse(body), JSON.stringify(body)).toBe(true);
  });
});
