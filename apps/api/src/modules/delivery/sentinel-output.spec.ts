import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { falcoEvent } from '../../test-support/falco-events.js';
import { eventually, listenLocally } from '../../test-support/receiver.js';
import { useOutputApp } from '../../test-support/output-e2e.js';

/**
 * The Microsoft Sentinel output through the real engine: Aerie obtains a token from a local
 * Entra ID (client credentials), caches it, and uploads rows to a local Logs Ingestion API on
 * real sockets; a 429 waits for Retry-After, a revoked token is replaced, a wrong secret is dead.
 */

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const APP = '0b3e5f1a-7c2d-4e8f-9a6b-1c2d3e4f5a6b';
const SECRET = 'e2e~client.secret_value';
const DCR = 'dcr-00112233445566778899aabbccddeeff';

interface Row {
  EventId: string;
  Rule: string;
  TimeGenerated: string;
  OutputFields: Record<string, unknown>;
}

async function startAzure() {
  const rows: Row[] = [];
  const tokens = new Set<string>();
  const tokenRequests: URLSearchParams[] = [];
  const uploads: http.IncomingHttpHeaders[] = [];
  const state = { throttle: 0 };
  const json = (res: http.ServerResponse, status: number, body?: object, headers = {}) => {
    res.writeHead(status, body ? { 'content-type': 'application/json', ...headers } : headers);
    res.end(body ? JSON.stringify(body) : '');
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString(
        'utf8',
      );
      if (req.url === `/${TENANT}/oauth2/v2.0/token`) {
        const form = new URLSearchParams(body);
        tokenRequests.push(form);
        if (form.get('client_secret') !== SECRET || form.get('client_id') !== APP) {
          return json(res, 401, {
            error: 'invalid_client',
            error_description: `AADSTS7000215: Invalid client secret provided.\r\nTrace ID: ${randomUUID()}`,
            error_codes: [7000215],
          });
        }
        const token = `token-${randomUUID()}`;
        tokens.add(token);
        return json(res, 200, { token_type: 'Bearer', expires_in: 3599, access_token: token });
      }
      if (
        req.url !== `/dataCollectionRules/${DCR}/streams/Custom-FalcoEvents?api-version=2023-01-01`
      ) {
        return json(res, 404, { error: { code: 'NotFound', message: 'Not found' } });
      }
      uploads.push(req.headers);
      if (!tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) {
        return json(res, 401, { error: { code: 'InvalidToken', message: 'Token is invalid.' } });
      }
      if (state.throttle > 0) {
        state.throttle--;
        return json(
          res,
          429,
          { error: { code: 'TooManyRequests', message: 'Rate limit exceeded.' } },
          { 'retry-after': '1' },
        );
      }
      rows.push(...(JSON.parse(body) as Row[]));
      json(res, 204);
    });
  });
  const { url, close } = await listenLocally(server);
  return {
    url,
    rows,
    tokens,
    tokenRequests,
    uploads,
    state,
    close,
  };
}

const azure = await startAzure();

const settings = (clientSecret: string) => ({
  tenantId: TENANT,
  clientId: APP,
  clientSecret,
  endpoint: azure.url,
  dcrImmutableId: DCR,
  authorityHost: azure.url,
});

const { ingest, deliveryOf } = useOutputApp(
  () => ({
    outputs: [
      {
        name: 'sentinel',
        type: 'sentinel',
        config: settings(SECRET),
        route: { rules: ['Sentinel *'] },
      },
      {
        name: 'sentinel-bad-secret',
        type: 'sentinel',
        config: settings('e2e~wrong.secret'),
        route: { rules: ['Bad secret *'] },
      },
    ],
  }),
  () => azure.close(),
);

const delivered = async (ids: string[]) =>
  (await Promise.all(ids.map((id) => deliveryOf(id, 'sentinel')))).every(
    (d) => d?.status === 'delivered',
  );

const rowsOf = (id: string) => azure.rows.filter((r) => r.EventId === id);

describe('sentinel output through the delivery engine', () => {
  it('gets a token once, uploads every event as one row, gzipped, at Falco’s time', async () => {
    const first = await ingest([
      falcoEvent({ rule: 'Sentinel 1' }),
      falcoEvent({ rule: 'Sentinel 2' }),
    ]);
    await eventually(() => delivered(first), 'first batch delivered');
    const second = await ingest([falcoEvent({ rule: 'Sentinel 3' })]);
    await eventually(() => delivered(second), 'second batch delivered');
    for (const id of [...first, ...second]) expect(rowsOf(id), id).toHaveLength(1);
    // The token is cached between uploads.
    expect(azure.tokenRequests.filter((f) => f.get('client_secret') === SECRET)).toHaveLength(1);
    expect(azure.tokenRequests[0]!.get('scope')).toBe('https://monitor.azure.com//.default');
    expect(azure.uploads[0]).toMatchObject({ 'content-encoding': 'gzip' });
    expect(rowsOf(first[0]!)[0]).toMatchObject({
      Rule: 'Sentinel 1',
      TimeGenerated: '2026-05-01T10:00:00.1234567Z',
    });
  });

  it('a 429 waits for Retry-After; a revoked token is replaced at once', async () => {
    azure.state.throttle = 1;
    const limited = await ingest([falcoEvent({ rule: 'Sentinel limited' })]);
    await eventually(() => delivered(limited), 'delivered after the 429', 20_000);
    expect(await deliveryOf(limited[0]!, 'sentinel')).toMatchObject({ attempts: 2 });
    azure.tokens.clear();
    const revoked = await ingest([falcoEvent({ rule: 'Sentinel revoked' })]);
    await eventually(() => delivered(revoked), 'delivered with a new token');
    expect(await deliveryOf(revoked[0]!, 'sentinel')).toMatchObject({ attempts: 1 });
    expect(rowsOf(revoked[0]!)).toHaveLength(1);
  });

  it('a wrong client secret is dead at once, with the AADSTS code and never the secret', async () => {
    const [id] = await ingest([falcoEvent({ rule: 'Bad secret 1' })]);
    await eventually(
      async () => (await deliveryOf(id!, 'sentinel-bad-secret'))?.status === 'dead',
      'a dead delivery',
    );
    const delivery = await deliveryOf(id!, 'sentinel-bad-secret');
    expect(delivery).toMatchObject({ attempts: 1 });
    expect(delivery?.last_error).toContain('Entra ID token 401 invalid_client: AADSTS7000215');
    expect(JSON.stringify(delivery)).not.toContain('wrong.secret');
    expect(rowsOf(id!)).toHaveLength(0);
  });
});
