import { readFileSync } from 'node:fs';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config.loader.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { startTestApp } from '../../test-support/test-app.js';
import { falcoEvent } from '../../test-support/falco-events.js';
import { loadTls } from './tls.js';
import { makeTestPki, type TestPki } from '../../test-support/test-pki.js';

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
let pki: TestPki;
let file: (name: string) => string;

let db: TestDatabase;
beforeAll(async () => {
  pki = makeTestPki();
  file = pki.file;
  db = await createTestDatabase('pglite');
});
afterAll(async () => {
  await db?.drop();
});

function request(url: string, options: https.RequestOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' }, ...options },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(falcoEvent()));
  });
}

describe('inbound TLS', () => {
  it('serves HTTPS with HSTS', async () => {
    const app = await startTestApp(
      db,
      {},
      { tls: { certFile: file('server.crt'), keyFile: file('server.key') } },
    );
    try {
      const url = app.url.replace('http:', 'https:');
      expect(await request(url, { ca: readFileSync(file('ca.crt')) })).toBe(200);
      const res = await new Promise<string | undefined>((resolve, reject) => {
        https
          .get(`${url}/healthz`, { ca: readFileSync(file('ca.crt')) }, (r) => {
            r.resume();
            resolve(r.headers['strict-transport-security'] as string | undefined);
          })
          .on('error', reject);
      });
      expect(res).toBe('max-age=31536000');
    } finally {
      await app.close();
    }
  });

  it('with a client CA, refuses clients without a certificate it signed (mutual TLS)', async () => {
    const app = await startTestApp(
      db,
      {},
      {
        tls: {
          certFile: file('server.crt'),
          keyFile: file('server.key'),
          clientCaFile: file('ca.crt'),
        },
      },
    );
    try {
      const url = app.url.replace('http:', 'https:');
      const ca = readFileSync(file('ca.crt'));
      await expect(request(url, { ca })).rejects.toThrow();
      expect(
        await request(url, {
          ca,
          cert: readFileSync(file('falco.crt')),
          key: readFileSync(file('falco.key')),
        }),
      ).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('names an unreadable file', () => {
    expect(() => loadTls({ certFile: '/nonexistent.crt', keyFile: file('server.key') })).toThrow(
      ConfigError,
    );
    try {
      loadTls({ certFile: '/nonexistent.crt', keyFile: file('server.key') });
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        'tls.certFile: cannot read /nonexistent.crt: ENOENT',
      ]);
    }
  });
});
