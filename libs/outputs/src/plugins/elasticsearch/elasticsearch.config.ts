import { z } from 'zod';
import { headersSchema } from '../webhook/http-headers.js';
import { indexPatternProblem } from './index-name.js';

/** A header value: no CR, LF or NUL (header injection), no surrounding space. */
const HEADER_SAFE = /^[^\r\n\0\s](?:[^\r\n\0]*[^\r\n\0\s])?$/;

export const ElasticsearchConfigSchema = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .refine((u) => {
        const url = new URL(u);
        return url.username === '' && url.password === '' && url.search === '' && url.hash === '';
      }, 'must have no credentials (use username/password or apiKey), query or fragment')
      .describe(
        'The cluster, e.g. `https://es.example.com:9200` (Falcosidekick `hostport`); a path prefix (a proxy) is kept. Elasticsearch and OpenSearch alike.',
      ),
    index: z
      .string()
      .default('falco-%Y.%m.%d')
      .describe(
        'Index name, with `%Y`, `%m`, `%d`, `%H` taken from the event time in UTC (`falco-%Y.%m.%d`: one index a day); or the data stream name when `dataStream` is on.',
      ),
    dataStream: z
      .boolean()
      .default(false)
      .describe(
        '`index` names a data stream (e.g. `logs-falco-default`, no date pattern): needs an index template with `data_stream` (see the docs).',
      ),
    pipeline: z
      .string()
      .regex(/^[^\s,]+$/, 'must be a pipeline id')
      .optional()
      .describe('Ingest pipeline run on every document (Falcosidekick `pipeline`).'),
    username: z
      .string()
      .regex(/^[^:\r\n\0]+$/, 'must not be empty or contain : (basic auth)')
      .optional()
      .describe('Basic auth user (with `password`).'),
    // Sent base64-encoded: any character is safe.
    password: z.string().optional().describe('Basic auth password (a secret).'),
    apiKey: z
      .string()
      .regex(HEADER_SAFE, 'must be an API key')
      .optional()
      .describe(
        'Elasticsearch API key (a secret), sent as `Authorization: ApiKey …`: the `encoded` value, or `id:api_key` (encoded for you); wins over username/password.',
      ),
    gzip: z
      .boolean()
      .default(false)
      .describe('Gzip request bodies (Falcosidekick `enablecompression`).'),
    headers: headersSchema(['content-type', 'content-encoding']),
  })
  .superRefine((c, ctx) => {
    const problem = indexPatternProblem(c.index, c.dataStream);
    if (problem) ctx.addIssue({ code: 'custom', path: ['index'], message: problem });
    if ((c.username === undefined) !== (c.password === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [c.username === undefined ? 'username' : 'password'],
        message: 'basic auth needs both username and password',
      });
    }
    const builtIn = c.apiKey !== undefined || c.username !== undefined;
    if (builtIn && Object.keys(c.headers).some((h) => h.toLowerCase() === 'authorization')) {
      ctx.addIssue({
        code: 'custom',
        path: ['headers'],
        message: 'may not set Authorization beside apiKey or username/password',
      });
    }
  });
export type ElasticsearchConfig = z.infer<typeof ElasticsearchConfigSchema>;

/** The `Authorization` header of the configured credentials, if any. */
export function authorization(config: ElasticsearchConfig): Record<string, string> {
  if (config.apiKey !== undefined) {
    // `id:api_key` is what the create-API-key call returns apart; `encoded` is its base64.
    const key = config.apiKey.includes(':')
      ? Buffer.from(config.apiKey).toString('base64')
      : config.apiKey;
    return { authorization: `ApiKey ${key}` };
  }
  if (config.username !== undefined && config.password !== undefined) {
    const basic = Buffer.from(`${config.username}:${config.password}`).toString('base64');
    return { authorization: `Basic ${basic}` };
  }
  return {};
}

/** The response fields `classify` reads: keeps the answer small (the engine reads 64 KiB). */
export const FILTER_PATH =
  'took,errors,items.*._index,items.*._id,items.*.status,items.*.error.type,items.*.error.reason';

export function bulkUrl(config: ElasticsearchConfig): string {
  // Built by hand: URLSearchParams would escape the commas of filter_path (valid as they are).
  const pipeline =
    config.pipeline === undefined ? '' : `&pipeline=${encodeURIComponent(config.pipeline)}`;
  return `${config.url.replace(/\/+$/, '')}/_bulk?filter_path=${FILTER_PATH}${pipeline}`;
}
