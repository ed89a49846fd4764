import { readFileSync } from 'node:fs';
import type { SecureServerOptions } from 'node:http2';
import type { AerieConfig } from '../config/config.schema.js';
import { ConfigError } from '../config/config.loader.js';

export type TlsOptions = Pick<
  SecureServerOptions,
  'cert' | 'key' | 'ca' | 'requestCert' | 'rejectUnauthorized' | 'minVersion'
>;

/**
 * HTTPS options from the config, or undefined for plain HTTP. With a client CA every connection
 * must present a certificate it signed (mutual TLS, as Falcosidekick's `tlsserver.mutualtls`).
 */
export function loadTls(tls: AerieConfig['tls']): TlsOptions | undefined {
  if (tls.certFile === undefined || tls.keyFile === undefined) return undefined;
  const problems: string[] = [];
  const read = (key: string, file: string): Buffer | undefined => {
    try {
      return readFileSync(file);
    } catch (err) {
      problems.push(
        `tls.${key}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      );
      return undefined;
    }
  };
  const cert = read('certFile', tls.certFile);
  const key = read('keyFile', tls.keyFile);
  const ca = tls.clientCaFile === undefined ? undefined : read('clientCaFile', tls.clientCaFile);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    cert,
    key,
    minVersion: 'TLSv1.2',
    ...(ca ? { ca, requestCert: true, rejectUnauthorized: true } : {}),
  };
}
