import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusCases } from '../../test-support/corpus-events.js';
import {
  sendWithFetch,
  startReceiver,
  type LocalReceiver,
} from '../../test-support/local-receiver.js';
import { WebhookConfigSchema } from './webhook.config.js';
import { webhookOutput } from './webhook.output.js';

type Verify = (
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string | Buffer,
  toleranceSeconds?: number,
) => boolean;

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const DOC = fileURLToPath(new URL('../../../../../docs/outputs/webhook.md', import.meta.url));

/** The verification snippet exactly as docs/outputs/webhook.md shows it, loaded as a module. */
async function loadDocSnippet(): Promise<{ verify: Verify; cleanup: () => void }> {
  const doc = readFileSync(DOC, 'utf8');
  const match = /<!-- verify-snippet[^>]*-->\s*```js\n([\s\S]*?)```/.exec(doc);
  if (!match?.[1]) throw new Error(`no verify-snippet block in ${DOC}`);
  const dir = mkdtempSync(join(tmpdir(), 'aerie-webhook-'));
  const file = join(dir, 'verify.mjs');
  writeFileSync(file, match[1]);
  const mod = (await import(pathToFileURL(file).href)) as { verifyAerieWebhook: Verify };
  return { verify: mod.verifyAerieWebhook, cleanup: () => rmSync(dir, { recursive: true }) };
}

let receiver: LocalReceiver;
let snippet: Awaited<ReturnType<typeof loadDocSnippet>>;
beforeAll(async () => {
  snippet = await loadDocSnippet();
  // A receiver that does what the docs tell users to do: verify the raw body, 401 otherwise.
  receiver = await startReceiver((req) =>
    snippet.verify(SECRET, req.headers, req.body)
      ? { status: 204 }
      : { status: 401, body: 'bad signature' },
  );
});
afterAll(async () => {
  await receiver.close();
  snippet.cleanup();
});

describe('webhook against a local receiver running the documented verification', () => {
  it('every corpus event arrives with a signature the snippet accepts, both payloads, POST and PUT', async () => {
    const cases = corpusCases();
    for (const [i, c] of cases.entries()) {
      const config = WebhookConfigSchema.parse({
        url: `${receiver.url}/hook`,
        secret: SECRET,
        method: i % 2 === 0 ? 'POST' : 'PUT',
        payload: i % 3 === 0 ? 'falco' : 'event',
      });
      const message = webhookOutput.render([c.event], config, {
        eventUrl: 'https://aerie.example.com/e',
        now: new Date(),
      });
      const answer = await sendWithFetch(message);
      expect(answer.status, c.name).toBe(204);
      expect(webhookOutput.classify(answer)).toEqual({ ok: true });
      const got = receiver.received.at(-1);
      expect(got?.method).toBe(config.method);
      expect(got?.body).toBe(config.payload === 'falco' ? c.event.rawJson : c.event.eventJson);
    }
  });

  it('the snippet refuses a tampered body, another secret and a stale timestamp; the 401 is permanent', async () => {
    const [c] = corpusCases();
    if (!c) throw new Error('empty corpus');
    const config = WebhookConfigSchema.parse({ url: `${receiver.url}/hook`, secret: SECRET });
    const fresh = webhookOutput.render([c.event], config, {
      eventUrl: 'https://a.example.com/',
      now: new Date(),
    });

    const tampered = { ...fresh, body: fresh.body.replace('"priority":"', '"priority":"X') };
    const answer = await sendWithFetch(tampered);
    expect(answer.status).toBe(401);
    expect(webhookOutput.classify(answer)).toEqual({
      ok: false,
      retryable: false,
      error: 'HTTP 401: bad signature',
    });

    const other = `whsec_${Buffer.alloc(32, 8).toString('base64')}`;
    expect(snippet.verify(other, fresh.headers, fresh.body)).toBe(false);
    expect(snippet.verify(SECRET, fresh.headers, Buffer.from(fresh.body))).toBe(true);

    const stale = webhookOutput.render([c.event], config, {
      eventUrl: 'https://a.example.com/',
      now: new Date(Date.now() - 10 * 60 * 1000),
    });
    expect((await sendWithFetch(stale)).status).toBe(401);
  });
});
