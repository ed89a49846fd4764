import { z } from 'zod';
import { headersSchema } from '../webhook/http-headers.js';
import { isLabelName } from './alertmanager.labels.js';

export const AlertmanagerConfigSchema = z.object({
  // Every host gets every alert: the engine sends each attempt to every host (`targets`).
  hosts: z
    .array(z.url({ protocol: /^https?$/ }))
    .min(1)
    .describe(
      'Alertmanager base URLs, e.g. `http://alertmanager:9093` (Falcosidekick `hostport`); every host gets every alert.',
    ),
  endpoint: z
    .string()
    .startsWith('/')
    .default('/api/v2/alerts')
    .describe('Path of the v2 alerts API on each host (Falcosidekick `endpoint`).'),
  // Falco alerts are not re-sent, so Alertmanager resolves them by itself after this.
  expiresAfterSeconds: z
    .number()
    .int()
    .positive()
    .max(31_536_000)
    .default(3600)
    .describe(
      'Seconds an alert stays firing after it is sent (`endsAt`; Falcosidekick `expiresafter`).',
    ),
  extraLabels: z
    .record(z.string().refine(isLabelName, 'must match [a-zA-Z_][a-zA-Z0-9_]*'), z.string().min(1))
    .default({})
    .describe(
      'Labels added to every alert (Falcosidekick `extralabels`); names in Prometheus syntax.',
    ),
  extraAnnotations: z
    .record(z.string().min(1), z.string())
    .default({})
    .describe('Annotations added to every alert (Falcosidekick `extraannotations`).'),
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
