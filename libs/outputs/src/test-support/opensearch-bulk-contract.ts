import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { contractsDir } from './contract-schemas.js';

/**
 * The `_bulk` schemas of opensearch-project/opensearch-api-specification, saved under
 * `<contracts>/opensearch/` (NOTES.md §5): `OperationContainer` (an action line) and
 * `BulkResponse` (the 200 answer).
 *
 * `_core.bulk.yaml` refers to `_common.yaml` and `_core.search.yaml`, which were not saved. The
 * definitions on the paths Aerie uses are copied below from the same repository's
 * `spec/schemas/_common.yaml` (`Id`, `IndexName`, `Routing`, `SequenceNumber`, `VersionNumber`,
 * `ErrorCause`, `ShardInfo`, `ShardFailure`, `uint`, `VersionType`); the rest (scripts, `_source`
 * filtering, inline get), which Aerie neither sends nor reads, accept anything.
 */
const BASE = 'https://opensearch-api-specification.local/schemas/';

const COMMON = {
  $id: `${BASE}_common.yaml`,
  components: {
    schemas: {
      Id: { type: 'string' },
      IndexName: { type: 'string' },
      Routing: { type: 'string' },
      SequenceNumber: { type: 'integer', format: 'int64' },
      VersionNumber: { type: 'integer', format: 'int64' },
      uint: { type: 'integer' },
      OpType: { type: 'string', enum: ['index', 'create'] },
      VersionType: { type: 'string', enum: ['external', 'external_gte', 'force', 'internal'] },
      ErrorCause: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          reason: { type: 'string' },
          stack_trace: { type: 'string' },
          caused_by: { $ref: '#/components/schemas/ErrorCause' },
          root_cause: { type: 'array', items: { $ref: '#/components/schemas/ErrorCause' } },
          suppressed: { type: 'array', items: { $ref: '#/components/schemas/ErrorCause' } },
        },
        required: ['type'],
      },
      ShardInfo: {
        type: 'object',
        properties: {
          failed: { $ref: '#/components/schemas/uint' },
          successful: { $ref: '#/components/schemas/uint' },
          total: { $ref: '#/components/schemas/uint' },
          failures: { type: 'array', items: { $ref: '#/components/schemas/ShardFailure' } },
        },
        required: ['failed', 'successful', 'total'],
      },
      ShardFailure: {
        type: 'object',
        properties: {
          index: { $ref: '#/components/schemas/IndexName' },
          node: { type: 'string' },
          reason: { $ref: '#/components/schemas/ErrorCause' },
          shard: { type: 'integer' },
          status: { type: 'string' },
        },
        required: ['reason', 'shard'],
      },
      Script: {},
      InlineGetDictUserDefined: {},
    },
  },
};

const SEARCH = {
  $id: `${BASE}_core.search.yaml`,
  components: { schemas: { SourceConfig: {} } },
};

export interface BulkContract {
  /** An action line (`{"create": {…}}`). */
  action: ValidateFunction;
  /** The 200 answer. */
  response: ValidateFunction;
}

export function openSearchBulkContract(): BulkContract {
  const bulk = parse(readFileSync(`${contractsDir()}/opensearch/_core.bulk.yaml`, 'utf8')) as {
    components: unknown;
  };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(COMMON);
  ajv.addSchema(SEARCH);
  ajv.addSchema({ $id: `${BASE}_core.bulk.yaml`, components: bulk.components });
  const compile = (name: string) => {
    const validate = ajv.getSchema(`${BASE}_core.bulk.yaml#/components/schemas/${name}`);
    if (!validate) throw new Error(`no ${name} in _core.bulk.yaml`);
    return validate;
  };
  return { action: compile('OperationContainer'), response: compile('BulkResponse') };
}
