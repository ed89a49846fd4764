import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { contractsDir } from './contract-schemas.js';

/**
 * A validator for Microsoft's own Adaptive Card schema (`adaptive-card-<version>.schema.json`,
 * saved under shared/contracts). The schemas are draft-06 but say `id` where ajv 8 wants `$id`,
 * and carry custom `version`/`features` keywords (NOTES.md §2): rename, add the draft-06
 * meta-schema, and turn strict mode off. 1.6.0 does not compile at all; 1.4.0 is what Aerie sends.
 */
export function adaptiveCardValidator(version = '1.4.0'): ValidateFunction {
  const schema = JSON.parse(
    readFileSync(`${contractsDir()}/adaptive-card-${version}.schema.json`, 'utf8'),
  ) as Record<string, unknown>;
  const { id, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const require = createRequire(import.meta.url);
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as Record<string, unknown>);
  return ajv.compile({ ...rest, $id: String(id) });
}
