/**
 * A local HTTP server that answers `_bulk` as Elasticsearch / OpenSearch do (NOTES.md §5): 200
 * with per-item results (`errors: true` and mixed items), 409 on a `create` whose `_id` exists,
 * item 429 `es_rejected_execution_exception`, dynamic mapping with its object-versus-value and
 * type conflicts (`document_parsing_exception`), `flattened` fields from an index template, data
 * streams (only `create`, `@timestamp` required), 401 `security_exception`, 413 beyond
 * `http.max_content_length` (empty body), queued whole-request failures (429 circuit breaker,
 * 503), gzip bodies and `filter_path`. Action lines are checked against the published
 * `OperationContainer` schema; every answer is kept unfiltered for checks against
 * `BulkResponse`.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { openSearchBulkContract } from './opensearch-bulk-contract.js';

export interface IndexTemplate {
  /** `falco-*` or an exact name. */
  pattern: string;
  dataStream?: boolean;
  /** Field paths and their types (`flattened`, `long`, `keyword`, `date_nanos`, `ip`, …). */
  mappings: Record<string, string>;
}

export interface ClusterOptions {
  /** The `encoded` API key accepted (`Authorization: ApiKey …`). */
  apiKey?: string;
  basic?: { username: string; password: string };
  templates?: IndexTemplate[];
  /** `http.max_content_length` in bytes (default 100 MB). */
  maxContentLength?: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

interface Index {
  name: string;
  dataStream: boolean;
  mapping: Map<string, string>;
  docs: Map<string, unknown>;
}

type Item = Record<string, Record<string, unknown>>;

const json = { 'content-type': 'application/json' };

function errorReply(status: number, type: string, reason: string): Reply {
  const cause = { type, reason };
  return {
    status,
    headers: json,
    body: JSON.stringify({ error: { root_cause: [cause], ...cause }, status }),
  };
}

export class SearchCluster {
  readonly indices = new Map<string, Index>();
  /** Every 200 answer, before `filter_path`. */
  readonly answers: unknown[] = [];
  /** Whole-request answers to give before reading the next requests (overload, outages). */
  readonly queued: Reply[] = [];
  /** Ids whose next `create` is rejected with an item 429. */
  readonly rejectOnce = new Set<string>();
  requests = 0;
  private seq = 0;
  private readonly contract = openSearchBulkContract();

  constructor(private readonly options: ClusterOptions = {}) {}

  /** Every stored document, by `_id`. */
  documents(): Map<string, unknown> {
    return new Map([...this.indices.values()].flatMap((i) => [...i.docs]));
  }

  handle(method: string, url: URL, headers: IncomingHttpHeaders, raw: Buffer): Reply {
    this.requests++;
    if (url.pathname !== '/_bulk' || (method !== 'POST' && method !== 'PUT')) {
      return errorReply(
        405,
        'illegal_argument_exception',
        `no handler for ${method} ${url.pathname}`,
      );
    }
    const denied = this.authenticate(headers['authorization'], url.pathname);
    if (denied) return denied;
    const queued = this.queued.shift();
    if (queued) return queued;
    const body = headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
    if (body.length > (this.options.maxContentLength ?? 100 * 1024 * 1024)) {
      return { status: 413, body: '' };
    }
    const type = String(headers['content-type']).split(';')[0];
    if (type !== 'application/x-ndjson' && type !== 'application/json') {
      return {
        status: 406,
        headers: json,
        body: `{"error":"Content-Type header [${type}] is not supported","status":406}`,
      };
    }
    const text = body.toString('utf8');
    if (!text.endsWith('\n')) {
      return errorReply(
        400,
        'illegal_argument_exception',
        'The bulk request must be terminated by a newline [\\n]',
      );
    }
    const lines = text.slice(0, -1).split('\n');
    const items: Item[] = [];
    for (let i = 0; i < lines.length; i += 2) {
      let action: unknown;
      let source: unknown;
      try {
        action = JSON.parse(lines[i]!);
        source = JSON.parse(lines[i + 1] ?? '');
      } catch {
        return errorReply(
          400,
          'x_content_parse_exception',
          `[1:1] Unexpected character at line ${i + 1}`,
        );
      }
      if (!this.contract.action(action)) {
        return errorReply(
          400,
          'illegal_argument_exception',
          `Malformed action/metadata line [${i + 1}]`,
        );
      }
      items.push(this.write(action as Item, source));
    }
    const answer = { took: 3, errors: items.some((i) => Object.values(i)[0]!['error']), items };
    this.answers.push(answer);
    const filter = url.searchParams.get('filter_path');
    return {
      status: 200,
      headers: json,
      body: JSON.stringify(
        filter
          ? filterPath(
              answer,
              filter.split(',').map((p) => p.split('.')),
            )
          : answer,
      ),
    };
  }

  private authenticate(header: string | undefined, path: string): Reply | undefined {
    const { apiKey, basic } = this.options;
    if (!apiKey && !basic) return undefined;
    const ok =
      (apiKey !== undefined && header === `ApiKey ${apiKey}`) ||
      (basic !== undefined &&
        header ===
          `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}`);
    if (ok) return undefined;
    const reply = errorReply(
      401,
      'security_exception',
      header === undefined
        ? `missing authentication credentials for REST request [${path}]`
        : 'unable to authenticate with provided credentials and anonymous access is not allowed for this request',
    );
    return {
      ...reply,
      headers: { ...json, 'www-authenticate': 'ApiKey, Basic realm="security", charset="UTF-8"' },
    };
  }

  private write(action: Item, source: unknown): Item {
    const [op, meta] = Object.entries(action)[0]!;
    const id = String(meta['_id']);
    const index = this.index(String(meta['_index']));
    const at = {
      _index: index.dataStream ? `.ds-${index.name}-2026.05.01-000001` : index.name,
      _id: id,
    };
    const fail = (status: number, type: string, reason: string): Item => ({
      [op]: { ...at, status, error: { type, reason, index: at._index } },
    });
    if (this.rejectOnce.delete(id)) {
      return fail(
        429,
        'es_rejected_execution_exception',
        'rejected execution of coordinating operation [coordinating_and_primary_bytes=104857600, replica_bytes=0, all_bytes=104857600, coordinating_operation_bytes=2048, max_coordinating_and_primary_bytes=104857600]',
      );
    }
    if (index.dataStream && op !== 'create') {
      return fail(
        400,
        'illegal_argument_exception',
        `only write ops with an op_type of create are allowed in data streams`,
      );
    }
    if (typeof source !== 'object' || source === null || Array.isArray(source)) {
      return fail(
        400,
        'document_parsing_exception',
        '[1:1] failed to parse: source is not an object',
      );
    }
    if (index.dataStream && !('@timestamp' in source)) {
      return fail(
        400,
        'document_parsing_exception',
        '[1:2] data stream timestamp field [@timestamp] is missing',
      );
    }
    if (op === 'create' && index.docs.has(id)) {
      return fail(
        409,
        'version_conflict_engine_exception',
        `[${id}]: version conflict, document already exists (current version [1])`,
      );
    }
    const added = new Map<string, string>();
    const problem = mapValue(index.mapping, added, '', source, id);
    if (problem) return fail(400, 'document_parsing_exception', problem);
    for (const [path, type] of added) index.mapping.set(path, type);
    index.docs.set(id, source);
    return {
      [op]: {
        ...at,
        _version: 1,
        result: 'created',
        _shards: { total: 2, successful: 1, failed: 0 },
        _seq_no: this.seq++,
        _primary_term: 1,
        status: 201,
      },
    };
  }

  private index(name: string): Index {
    let index = this.indices.get(name);
    if (!index) {
      const template = this.options.templates?.find((t) =>
        t.pattern.endsWith('*') ? name.startsWith(t.pattern.slice(0, -1)) : name === t.pattern,
      );
      index = {
        name,
        dataStream: template?.dataStream ?? false,
        mapping: new Map(Object.entries(template?.mappings ?? {})),
        docs: new Map(),
      };
      this.indices.set(name, index);
    }
    return index;
  }
}

/**
 * Maps `value` at `path` as dynamic mapping does: dotted names are objects, the first value of a
 * field fixes its type. Returns ES's reason when the document cannot be indexed.
 */
function mapValue(
  mapping: ReadonlyMap<string, string>,
  added: Map<string, string>,
  path: string,
  value: unknown,
  id: string,
): string | undefined {
  const known = (p: string) => mapping.get(p) ?? added.get(p);
  const type = path === '' ? 'object' : known(path);
  if (type === 'flattened' || type === 'flat_object') return undefined;
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (isObject) {
    if (type !== undefined && type !== 'object') {
      return `[1:1] failed to parse field [${path}] of type [${type}] in document with id '${id}'. Preview of field's value: '${preview(value)}'`;
    }
    if (path !== '') added.set(path, 'object');
    for (const [key, child] of Object.entries(value)) {
      const problem = mapMember(mapping, added, path, key, child, id);
      if (problem) return problem;
    }
    return undefined;
  }
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    if (v === null) continue;
    const t = known(path);
    if (t === 'object') {
      return `[1:1] object mapping for [${path}] tried to parse field [${path.split('.').at(-1)}] as object, but found a concrete value`;
    }
    if (t === undefined) {
      added.set(
        path,
        typeof v === 'number'
          ? Number.isInteger(v)
            ? 'long'
            : 'float'
          : typeof v === 'boolean'
            ? 'boolean'
            : 'text',
      );
      continue;
    }
    if (!accepts(t, v)) {
      return `[1:1] failed to parse field [${path}] of type [${t}] in document with id '${id}'. Preview of field's value: '${preview(v)}'`;
    }
  }
  return undefined;
}

/** One member `key` of the object at `path`; dots in a name are object boundaries. */
function mapMember(
  mapping: ReadonlyMap<string, string>,
  added: Map<string, string>,
  path: string,
  key: string,
  value: unknown,
  id: string,
): string | undefined {
  const known = (p: string) => mapping.get(p) ?? added.get(p);
  const parts = key.split('.');
  let at = path;
  for (const part of parts.slice(0, -1)) {
    at = at === '' ? part : `${at}.${part}`;
    const t = known(at);
    // Inside a flattened field every name is a leaf key: nothing to map.
    if (t === 'flattened' || t === 'flat_object') return undefined;
    if (t !== undefined && t !== 'object') {
      return `[1:1] Could not dynamically add mapping for field [${path === '' ? key : `${path}.${key}`}]. Existing mapping for [${at}] must be of type object but found [${t}].`;
    }
    added.set(at, 'object');
  }
  const leaf = at === '' ? parts.at(-1)! : `${at}.${parts.at(-1)!}`;
  return mapValue(mapping, added, leaf, value, id);
}

function accepts(type: string, v: unknown): boolean {
  switch (type) {
    case 'long':
      return (
        (typeof v === 'number' && Number.isInteger(v)) ||
        (typeof v === 'string' && /^-?\d+$/.test(v))
      );
    case 'float':
      return (
        typeof v === 'number' ||
        (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)))
      );
    case 'boolean':
      return typeof v === 'boolean' || v === 'true' || v === 'false';
    case 'ip':
      return typeof v === 'string' && isIP(v) !== 0;
    case 'date':
    case 'date_nanos':
      return typeof v === 'string' && !Number.isNaN(Date.parse(v));
    default:
      return true;
  }
}

function preview(v: unknown): string {
  return (typeof v === 'string' ? v : JSON.stringify(v)).slice(0, 100);
}

/** `filter_path` as Elasticsearch applies it: dotted paths, `*` for any key, arrays transparent. */
function filterPath(value: unknown, patterns: string[][]): unknown {
  if (patterns.some((p) => p.length === 0)) return value;
  if (Array.isArray(value))
    return value.map((v) => filterPath(v, patterns)).filter((v) => v !== undefined);
  if (typeof value !== 'object' || value === null) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const next = patterns.filter((p) => p[0] === '*' || p[0] === key).map((p) => p.slice(1));
    if (next.length === 0) continue;
    const kept = filterPath(child, next);
    if (kept !== undefined) out[key] = kept;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export interface RunningCluster {
  url: string;
  cluster: SearchCluster;
  close(): Promise<void>;
}

/** The cluster on a free 127.0.0.1 port. */
export async function startSearchCluster(options: ClusterOptions = {}): Promise<RunningCluster> {
  const cluster = new SearchCluster(options);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const reply = cluster.handle(req.method ?? '', url, req.headers, Buffer.concat(chunks));
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    cluster,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
