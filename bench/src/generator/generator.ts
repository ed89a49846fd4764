import { renderEvent, type FalcoEvent } from './event.js';
import { buildFleet, type Cluster, type Pod } from './fleet.js';
import { toJson } from './json.js';
import { Rng } from './rng.js';
import { loadRules, resolveRulesDir, type FalcoRule } from './rules.js';
import { buildScene, pickPod } from './scene.js';
import { msToNs } from './time.js';

export interface GeneratorOptions {
  /** Same seed (and same `now`) → the same events, byte for byte. */
  seed: number | string;
  /** Rules to fire; default: the enabled rules of `loadRules()`. */
  rules?: readonly FalcoRule[];
  /** Time of the first event (ms since the epoch or a Date); default: the current time. */
  now?: number | Date;
}

export interface EventGenerator {
  /** The next alert as an object (`evt.time` approximated to a double there). */
  next(): FalcoEvent;
  /** The next alert as the JSON text Falco would post, `evt.time` exact. */
  nextJson(): string;
  /** The sources the generator draws from; the first events cover each of them once. */
  readonly sources: readonly string[];
}

/**
 * Share of each source in a fleet's alert stream: hosts are noisiest, then the API server;
 * cloud and SaaS audit trails are rarer. Unknown sources get the smallest share.
 */
const SOURCE_WEIGHTS: Readonly<Record<string, number>> = {
  syscall: 0.62,
  k8s_audit: 0.2,
  aws_cloudtrail: 0.06,
  gcp_auditlog: 0.06,
  github: 0.03,
  okta: 0.03,
};
const CLUSTER_WEIGHTS = [0.5, 0.35, 0.15];
/** Alerts come in bursts: the same rule firing again in the same pod shortly after. */
const BURST_CHANCE = 0.3;

export function createGenerator(options: GeneratorOptions): EventGenerator {
  const rng = new Rng(options.seed);
  const rules = options.rules ?? enabledRules();
  const bySource = groupBySource(rules);
  const sources = [...bySource.keys()].sort();
  if (sources.length === 0) throw new Error('createGenerator needs at least one rule');
  const sourceWeights = sources.map((s) => SOURCE_WEIGHTS[s] ?? 0.02);
  // A few rules of each source fire most of the time, as in real fleets (Zipf-like).
  const ranked = new Map(
    [...bySource].map(([source, list]) => {
      const order = rng.shuffle(list);
      return [source, { order, weights: order.map((_, i) => 1 / (i + 1) ** 0.9) }] as const;
    }),
  );

  const startMs = options.now instanceof Date ? options.now.getTime() : (options.now ?? Date.now());
  let timeNs = msToNs(startMs) + BigInt(rng.int(0, 999_999));
  const fleet = buildFleet(new Rng(`${String(options.seed)}/fleet`), timeNs);
  const firstLap = rng.shuffle(sources);
  let previous: { rule: FalcoRule; cluster: Cluster; pod: Pod | undefined } | undefined;

  function next(): FalcoEvent {
    const burst = previous !== undefined && firstLap.length === 0 && rng.chance(BURST_CHANCE);
    let rule: FalcoRule;
    let cluster: Cluster;
    let pod: Pod | undefined;
    if (burst && previous) {
      ({ rule, cluster, pod } = previous);
      timeNs += BigInt(rng.int(1_000, 400_000));
    } else {
      const source = firstLap.shift() ?? rng.weighted(sources, sourceWeights);
      const pool = ranked.get(source);
      if (!pool) throw new Error(`no rules for source ${source}`);
      rule = rng.weighted(pool.order, pool.weights);
      cluster = rng.weighted(fleet, CLUSTER_WEIGHTS);
      pod = pickPod(rng, rule, cluster);
      timeNs += BigInt(rng.int(1_000, 2_000_000));
    }
    previous = { rule, cluster, pod };
    return renderEvent(buildScene(rng, rule, cluster, timeNs, pod), rng);
  }

  return { next, nextJson: () => toJson(next()), sources };
}

/** `n` alerts from a fresh generator: `createGenerator({ seed, now })` called `n` times. */
export function generateEvents(
  n: number,
  seed: number | string,
  now?: number | Date,
): FalcoEvent[] {
  const generator = createGenerator(now === undefined ? { seed } : { seed, now });
  return Array.from({ length: n }, () => generator.next());
}

// Parsing the corpus takes a noticeable fraction of a second; tests create many generators.
const enabledByDir = new Map<string, FalcoRule[]>();
function enabledRules(): FalcoRule[] {
  const dir = resolveRulesDir();
  let rules = enabledByDir.get(dir);
  if (!rules) {
    rules = loadRules(dir).filter((r) => r.enabled);
    enabledByDir.set(dir, rules);
  }
  return rules;
}

function groupBySource(rules: readonly FalcoRule[]): Map<string, FalcoRule[]> {
  const map = new Map<string, FalcoRule[]>();
  for (const rule of rules) {
    const list = map.get(rule.source);
    if (list) list.push(rule);
    else map.set(rule.source, [rule]);
  }
  return map;
}
