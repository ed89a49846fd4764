import type { SiemFormat, StoredEvent } from '@aerie/contracts';
import { parseLossless, stringifyLossless } from '@aerie/detectors';
import { toEcs } from './ecs.mapper.js';
import { toOcsf } from './ocsf.mapper.js';

/**
 * The event JSON text (as the query API returns it) in the asked format. The mappers work on
 * parsed objects; numbers beyond 2^53 in output_fields are carried through exactly.
 */
export function formatter(format: SiemFormat): (json: string) => string {
  if (format === 'aerie') return (json) => json;
  const map = format === 'ecs' ? toEcs : toOcsf;
  return (json) => {
    const { value, hasRawNumbers } = parseLossless(json);
    return stringifyLossless(map(value as StoredEvent), hasRawNumbers);
  };
}
