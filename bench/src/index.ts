/**
 * @aerie/bench — realistic Falco alerts for tests, demos and benchmarks.
 *
 * Stable API (tests across the repo import it; keep it small):
 *
 *   loadRules(dir?)            → FalcoRule[]  every rule with an output in the Falco rules corpus
 *                                 (default dir: $AERIE_RULES_DIR, else <repo>/../shared/corpus/falco-rules)
 *   createGenerator({ seed, rules?, now? }) → EventGenerator
 *       .next()                → FalcoEvent, a plain JSON-serialisable object as Falco posts it
 *                                 (output_fields["evt.time"] is the nearest double there)
 *       .nextJson()            → the next event's JSON text, evt.time as the exact integer of ns
 *       .sources               → sources drawn from; the first `sources.length` events cover each once
 *   generateEvents(n, seed, now?) → FalcoEvent[]
 *   toJson(event)              → JSON text of any FalcoEvent with the exact evt.time (from `time`)
 *
 * Determinism: the same seed, rules and `now` give byte-identical events. `now` defaults to the
 * current time, so pass it when comparing runs; only the timestamps depend on it.
 */
export type { FalcoEvent } from './generator/event.js';
export type { FieldValue } from './generator/fields.js';
export { createGenerator, generateEvents } from './generator/generator.js';
export type { EventGenerator, GeneratorOptions } from './generator/generator.js';
export { toJson } from './generator/json.js';
export { loadRules, resolveRulesDir } from './generator/rules.js';
export type { FalcoRule } from './generator/rules.js';
