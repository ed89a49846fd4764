import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PEM files of a throwaway CA, a server certificate for 127.0.0.1 and a client certificate. */
export interface TestPki {
  file(name: string): string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore' });
}

/** Made with openssl, as an operator would; valid two days. */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'aerie-pki-'));
  const file = (name: string) => join(dir, name);
  const issue = (name: string, subject: string, ext: string) => {
    writeFileSync(file(`${name}.ext`), `${ext}\n`);
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
  };
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
  issue('server', '/CN=aerie', 'subjectAltName=IP:127.0.0.1');
  issue('falco', '/CN=falco-node-1', 'extendedKeyUsage=clientAuth');
  return {
    file,
    ca: file('ca.crt'),
    serverCert: file('server.crt'),
    serverKey: file('server.key'),
    clientCert: file('falco.crt'),
    clientKey: file('falco.key'),
  };
}
