import http from 'node:http';
import { classifyHttp, type HttpOutputPlugin } from '@aerie/outputs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerOutputPlugin } from '../../test-support/output-plugins.js';
import { eventually, listenLocally } from '../../test-support/receiver.js';
import { useOutputApp, type Delivery } from '../../test-support/output-e2e.js';

/**
 * Access tokens end to end (Azure Monitor's client credentials, in shape): a fake plugin with
 * `auth`, a local token endpoint and a local destination that accepts only live tokens.
 */

/** With characters a form encodes differently (`+`, `/`, `=`, `&`, space). */
const CLIENT_SECRET = 'Xy9~s3cr+t/val=ue&more here';

const ConfigSchema = z.strictObject({
  tokenUrl: z.string().describe('OAuth2 token endpoint.'),
  url: z.string().describe('Ingestion endpoint.'),
  clientId: z.string().describe('Application (client) id.'),
  clientSecret: z.string().describe('Client secret.'),
});
type Config = z.infer<typeof ConfigSchema>;

const oauthOutput: HttpOutputPlugin<Config> = {
  type: 'test-oauth',
  title: 'Test OAuth',
  description: 'An ingestion API behind OAuth2 client credentials.',
  configSchema: ConfigSchema,
  secretFields: ['clientSecret'],
  maxBatch: 1,
  render: (events, config, ctx) => ({
    method: 'POST',
    url: config.url,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.accessToken}` },
    body: JSON.stringify(events.map((e) => e.event.id)),
  }),
  classify: classifyHttp,
  auth: {
    tokenRequest: (config) => ({
      method: 'POST',
      url: config.tokenUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: config.clientId,
        client_secret: config.clientSecret,
        grant_type: 'client_credentials',
        scope: 'https://monitor.azure.com//.default',
      }).toString(),
    }),
    readToken(answer) {
      if (answer.status !== 200) {
        // Careless on purpose: the endpoint's answer (which echoes the request) goes into the error.
        return {
          ok: false,
          retryable: answer.status >= 500,
          error: `token endpoint answered ${answer.status}: ${answer.body}`,
        };
      }
      const body = JSON.parse(answer.body) as { access_token: string; expires_in: number };
      return { ok: true, token: body.access_token, expiresInMs: body.expires_in * 1000 };
    },
  },
};
registerOutputPlugin(oauthOutput);

/** Token endpoint and destination in one server: tokens it issued, until revoked. */
async function startIdentityAndApi() {
  const tokenRequests: Array<{ clientId: string; secretSent: boolean }> = [];
  const live = new Set<string>();
  const received: Array<{ token: string; ids: string[] }> = [];
  let issued = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/token') {
        const form = new URLSearchParams(body);
        const clientId = form.get('client_id') ?? '';
        tokenRequests.push({ clientId, secretSent: form.get('client_secret') === CLIENT_SECRET });
        if (clientId === 'refused') {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'invalid_client', request: body }));
          return;
        }
        const token = `tok-${++issued}`;
        live.add(token);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            token_type: 'Bearer',
            access_token: token,
            expires_in: clientId === 'short-lived' ? 1 : 3599,
          }),
        );
        return;
      }
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!live.has(token)) {
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' });
        res.end();
        return;
      }
      received.push({ token, ids: JSON.parse(body) as string[] });
      res.writeHead(204);
      res.end();
    });
  });
  const { url, close } = await listenLocally(server);
  return {
    base: url,
    tokenRequests,
    received,
    revoke: (token: string) => live.delete(token),
    close,
  };
}

const azure = await startIdentityAndApi();
const output = (name: string, clientId: string, rules: string) => ({
  name,
  type: 'test-oauth',
  config: {
    tokenUrl: `${azure.base}/token`,
    url: `${azure.base}/ingest`,
    clientId,
    clientSecret: CLIENT_SECRET,
  },
  route: { rules: [rules] },
});

const { ingestRules: ingest, firstDelivery } = useOutputApp(
  () => ({
    outputs: [
      output('sentinel', 'aerie', 'Token *'),
      output('sentinel-short', 'short-lived', 'Short *'),
      output('sentinel-refused', 'refused', 'Refused *'),
    ],
  }),
  () => azure.close(),
);

const tokenOf = (id: string) => azure.received.find((r) => r.ids.includes(id))?.token;
const requestsFrom = (clientId: string) =>
  azure.tokenRequests.filter((r) => r.clientId === clientId).length;

describe('access tokens', () => {
  it('obtains one token for concurrent requests and reuses it', async () => {
    const first = await ingest(Array.from({ length: 8 }, (_, n) => `Token ${n}`));
    await eventually(() => first.every((id) => tokenOf(id)), 'eight events delivered');
    const second = await ingest(['Token later']);
    await eventually(() => second.every((id) => tokenOf(id)), 'a later event delivered');
    expect(requestsFrom('aerie')).toBe(1);
    expect(azure.tokenRequests[0]!.secretSent).toBe(true);
    expect(new Set([...first, ...second].map(tokenOf)).size).toBe(1);
  });

  it('obtains a new token when the destination refuses the cached one (401), in the same attempt', async () => {
    const [before] = await ingest(['Token before']);
    await eventually(() => tokenOf(before!) !== undefined, 'a delivery');
    const old = tokenOf(before!)!;
    azure.revoke(old);
    const [id] = await ingest(['Token after revocation']);
    await eventually(() => tokenOf(id!) !== undefined, 'delivered with a new token');
    expect(tokenOf(id!)).not.toBe(old);
    expect(requestsFrom('aerie')).toBe(2);
    expect(await firstDelivery(id!)).toMatchObject({
      status: 'delivered',
      attempts: 1,
    });
  });

  it('obtains a new token shortly before the cached one expires', async () => {
    const [a] = await ingest(['Short 1']);
    await eventually(() => tokenOf(a!) !== undefined, 'first delivery');
    const [b] = await ingest(['Short 2']);
    await eventually(() => tokenOf(b!) !== undefined, 'second delivery');
    expect(tokenOf(b!)).toBe(tokenOf(a!)); // still valid
    await new Promise((r) => setTimeout(r, 1_000)); // expires_in 1 s
    const [c] = await ingest(['Short 3']);
    await eventually(() => tokenOf(c!) !== undefined, 'third delivery');
    expect(tokenOf(c!)).not.toBe(tokenOf(a!));
    expect(requestsFrom('short-lived')).toBe(2);
  });

  it('records a refused token request by readToken, without the client secret', async () => {
    const [id] = await ingest(['Refused 1']);
    let delivery: Delivery | undefined;
    await eventually(async () => {
      delivery = await firstDelivery(id!);
      return delivery?.status === 'dead';
    }, 'the delivery dead (400 is permanent for this plugin)');
    const error = delivery!.attempts_log[0]!.error ?? '';
    expect(error).toMatch(/^access token: token endpoint answered 400: .*invalid_client/);
    expect(delivery!.attempts_log[0]!.http_status).toBe(400);
    // The endpoint echoed the form: the secret is masked raw, URL-encoded and form-encoded.
    expect(error).toContain('client_secret=********');
    for (const leak of [
      CLIENT_SECRET,
      encodeURIComponent(CLIENT_SECRET),
      new URLSearchParams({ s: CLIENT_SECRET }).toString().slice(2),
      's3cr',
    ]) {
      expect(error).not.toContain(leak);
    }
    expect(azure.received.some((r) => r.ids.includes(id!))).toBe(false);
  });
});
