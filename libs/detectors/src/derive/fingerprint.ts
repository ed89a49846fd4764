import { createHash } from 'node:crypto';

export interface FingerprintInput {
  rule: string;
  cluster: string | null;
  namespace: string | null;
  workload: string | null;
  hostname: string | null;
  source: string;
}

/**
 * The identity of an alert group: the same rule firing for the same workload (or, outside
 * Kubernetes, the same host) in the same cluster/namespace from the same source. 32 hex chars
 * (128 bits) of SHA-256 over the JSON array of those parts, so no separator can be forged.
 */
export function fingerprint(e: FingerprintInput): string {
  const subject = e.workload !== null ? `w:${e.workload}` : `h:${e.hostname ?? ''}`;
  const key = JSON.stringify([e.rule, e.cluster ?? '', e.namespace ?? '', subject, e.source]);
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
