import { z } from 'zod';
import { headersSchema } from '../webhook/http-headers.js';
import { isLabelName } from './alertmanager.labels.js';

export const AlertmanagerConfigSchema = z.object({
  /**
   * Alertmanager base URLs (Falcosidekick `hostport`). Every host gets every alert: the engine
   * sends each attempt to every host (`targets` = `perHost`).
   */
  hosts: z.array(z.url({ protocol: /^https?$/ })).min(1),
  /** Path of the v2 alerts API on each host (Falcosidekick `endpoint`). */
  endpoint: z.string().startsWith('/').default('/api/v2/alerts'),
  /**
   * Seconds an alert stays firing after it is sent (`endsAt`); Falco alerts are not re-sent, so
   * Alertmanager resolves them by itself after this. Falcosidekick `expiresafter`.
   */
  expiresAfterSeconds: z.number().int().positive().max(31_536_000).default(3600),
  /** Labels added to every alert (Falcosidekick `extralabels`); names in Prometheus syntax. */
  extraLabels: z
    .record(z.string().refine(isLabelName, 'must match [a-zA-Z_][a-zA-Z0-9_]*'), z.string().min(1))
    .default({}),
  /** Annotations added to every alert (Falcosidekick `extraannotations`). */
  extraAnnotations: z.record(z.string().min(1), z.string()).default({}),
  headers: headersSchema(['content-type']),
});
export type AlertmanagerConfig = z.infer<typeof AlertmanagerConfigSchema>;

/** One configuration per host: the engine posts every attempt to each of them. */
export function perHost(config: AlertmanagerConfig): AlertmanagerConfig[] {
  return config.hosts.map((host) => ({ ...config, hosts: [host] }));
}

export function alertsUrl(host: string, endpoint: string): string {
  return `${host.replace(/\/+$/, '')}${endpoint}`;
}
