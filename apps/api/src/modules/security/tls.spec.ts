import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config.loader.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { startTestApp } from '../../test-support/test-app.js';
import { falcoEvent } from '../../test-support/falco-events.js';
import { loadTls } from './tls.js';

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
const dir = mkdtempSync(join(tmpdir(), 'aerie-tls-'));
const file = (name: string) => join(dir, name);
function openssl(...args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore' });
}
function issue(name: string, subject: string): void {
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    file(`${name}.key`),
    '-subj',
    subject,
    '-out',
    file(`${name}.csr`),
  );
  openssl(
    'x509',
    '-req',
    '-in',
    file(`${name}.csr`),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    file(`${name}.crt`),
    '-extfile',
    file(`${name}.ext`),
  );
}

let db: TestDatabase;
beforeAll(async () => {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
    '-days',
    '2',
    '-subj',
    '/CN=aerie-test-ca',
  );
  execFileSync('sh', [
    '-c',
    `printf 'subjectAltName=IP:127.0.0.1\\n' > ${file('server.ext')}; printf 'extendedKeyUsage=clientAuth\\n' > ${file('falco.ext')}`,
  ]);
  issue('server', '/CN=aerie');
  issue('falco', '/CN=falco-node-1');
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
