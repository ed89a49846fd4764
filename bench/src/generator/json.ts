import type { FalcoEvent } from './event.js';
import { parseRfc3339Ns } from './time.js';

// A string no generated value contains, swapped for the digits after JSON.stringify.
const EVT_TIME_MARK = '\u0000aerie-bench-evt-time\u0000';

/**
 * The JSON text Falco would send for an event: `output_fields["evt.time"]` is written as the exact
 * integer of nanoseconds (beyond 2^53), taken from `time`, which carries the same instant.
 */
export function toJson(event: FalcoEvent): string {
  if (!('evt.time' in event.output_fields)) return JSON.stringify(event);
  const marked = { ...event, output_fields: { ...event.output_fields, 'evt.time': EVT_TIME_MARK } };
  return JSON.stringify(marked).replace(
    JSON.stringify(EVT_TIME_MARK),
    parseRfc3339Ns(event.time).toString(),
  );
}
