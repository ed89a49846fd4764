import { PRIORITIES } from '@aerie/contracts';
import type { Route } from '../routing/route.schema.js';
import { keyName, type KeyPath, type SidekickSettings } from './sidekick-settings.js';

/** Falcosidekick's priority names; its check matches them whole, case-insensitively. */
const NAMES = new Set(PRIORITIES.map((p) => p.toLowerCase()));

/**
 * `minimumpriority` as a route. Falcosidekick keeps a value only when it holds a full priority
 * name (its check is an unanchored regex) and sends everything otherwise — `""`, `info`, `warn`
 * and typos alike; `debug` is everything too. A full name becomes `min_priority`; anything else keeps Falcosidekick's
 * behaviour (no condition) and earns a warning, since it was surely not what was meant.
 */
export function routeFromMinimumPriority(
  settings: SidekickSettings,
  section: KeyPath,
  warnings: string[],
): Route {
  const path = [...section, 'minimumpriority'];
  const value = settings.text(path);
  if (value === undefined) return {};
  const name = value.toLowerCase();
  if (NAMES.has(name)) return name === 'debug' ? {} : { min_priority: name };
  const meant = [...NAMES].find((n) => name.includes(n) || n.startsWith(name));
  // A word is shown (`info`); anything longer or stranger is not, in case it was pasted wrongly.
  const shown = /^[a-z]{1,16}$/i.test(value) ? ` "${value}"` : '';
  warnings.push(
    `${keyName(path)}${shown} is not a priority name Falcosidekick knows, so it sent every event; imported as no minimum` +
      (meant === undefined ? '' : ` (set route.min_priority: ${meant} if that was meant)`),
  );
  return {};
}

/** The engine's delivery settings an imported output needs (a subset of DeliveryPolicySchema). */
export interface ImportedDelivery {
  concurrency?: number;
  tls?: { caFile?: string; certFile?: string; keyFile?: string; insecureSkipVerify?: boolean };
}

/** The engine accepts 1–100 requests in flight per output. */
const MAX_CONCURRENCY = 100;

/**
 * `checkcert`, `mutualtls` and `maxconcurrentrequests` of an output, with the global
 * `mutualtlsclient.*`, `mutualtlsfilespath` and `tlsclient.cacertfile` they draw on.
 */
export function deliveryFrom(
  settings: SidekickSettings,
  section: KeyPath,
  warnings: string[],
): ImportedDelivery | undefined {
  const delivery: ImportedDelivery = {};
  const tls: NonNullable<ImportedDelivery['tls']> = {};
  const mutual = settings.text([...section, 'mutualtls'])?.toLowerCase() === 'true';
  if (mutual) {
    // Falcosidekick: mutualtlsclient.* when set, else client.crt, client.key, ca.crt in a folder.
    const folder = (settings.text(['mutualtlsfilespath']) ?? '/etc/certs').replace(/\/+$/, '');
    tls.certFile = settings.text(['mutualtlsclient', 'certfile']) ?? `${folder}/client.crt`;
    tls.keyFile = settings.text(['mutualtlsclient', 'keyfile']) ?? `${folder}/client.key`;
    tls.caFile = settings.text(['mutualtlsclient', 'cacertfile']) ?? `${folder}/ca.crt`;
  } else {
    const ca = settings.text(['tlsclient', 'cacertfile']);
    if (ca !== undefined) tls.caFile = ca;
    // With mutual TLS Falcosidekick ignores checkcert and always verifies.
    if (settings.text([...section, 'checkcert'])?.toLowerCase() === 'false') {
      tls.insecureSkipVerify = true;
    }
  }
  if (Object.keys(tls).length > 0) delivery.tls = tls;

  const concurrencyPath = [...section, 'maxconcurrentrequests'];
  const concurrency = settings.text(concurrencyPath);
  if (concurrency !== undefined) {
    const n = Number(concurrency);
    if (!Number.isInteger(n) || n < 0) {
      warnings.push(`${keyName(concurrencyPath)} is not a count; left out`);
    } else if (n === 0 || n > MAX_CONCURRENCY) {
      warnings.push(
        `${keyName(concurrencyPath)} ${n === 0 ? '0 (unlimited)' : n} is capped at ${MAX_CONCURRENCY} requests in flight`,
      );
      delivery.concurrency = MAX_CONCURRENCY;
    } else {
      delivery.concurrency = n;
    }
  }
  return Object.keys(delivery).length > 0 ? delivery : undefined;
}

/** A `k:v,…` map; items without `:` are reported by position, never by content. */
export function namedPairs(
  settings: SidekickSettings,
  path: KeyPath,
  warnings: string[],
): Record<string, string> | undefined {
  const parsed = settings.pairs(path);
  if (parsed === undefined) return undefined;
  if (parsed.skipped.length > 0) {
    warnings.push(
      `${keyName(path)}: item(s) ${parsed.skipped.join(', ')} are not "name:value" and were skipped`,
    );
  }
  return Object.keys(parsed.pairs).length > 0 ? parsed.pairs : undefined;
}
