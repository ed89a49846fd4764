import type { Logger } from 'pino';
import type { Issue } from '@aerie/contracts';
import { formatPath } from '@aerie/contracts';
import type { SecurityEvent } from '@aerie/detectors';
import {
  compileRoute,
  parseRoute,
  type OutputPlugin,
  type RoutableEvent,
  type CompiledRoute,
  type RouteExplanation,
  type TeamsByName,
} from '@aerie/outputs';
import type { TeamsRepository } from '../teams/teams.repository.js';
import { ConfigError } from '../config/config.loader.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { EventRouter } from './event-router.js';
import type { OutputDefinition } from './output-definition.js';
import { DeliveryPolicySchema } from './output-definition.js';
import type { OutputsRepository, StoredOutput } from './outputs.repository.js';
import type { RuntimeOutput } from './runtime-output.js';
import { openSecrets, sealSecrets } from './sealed-config.js';

/** A configuration problem found while loading outputs: Aerie refuses to start (exit 2). */
export class OutputsConfigError extends ConfigError {
  constructor(readonly issues: Issue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`));
  }
}

interface Compiled {
  output: RuntimeOutput;
  route: CompiledRoute;
}

/**
 * The outputs in force: loaded from the database (where the YAML config's are synced at start),
 * settings opened and validated by their plugin, routes compiled. Decides at ingest which
 * outputs take an event (EventRouter), and gives the dispatcher its outputs.
 */
export class OutputsService implements EventRouter {
  private compiled: Compiled[] = [];
  private runtime = new Map<string, RuntimeOutput>();
  /** For routes scoped to a team: its selectors, as of the last reload. */
  private teams: TeamsByName = new Map();
  /** Called after events routed to outputs are committed (the dispatcher polls at once). */
  onRouted: () => void = () => undefined;

  constructor(
    private readonly repo: OutputsRepository,
    private readonly plugins: ReadonlyMap<string, OutputPlugin<unknown>>,
    private readonly teamsRepo: TeamsRepository,
    private readonly box: SecretBox,
    private readonly logger: Logger,
  ) {}

  /** Problems with a definition, fields named from `prefix` (e.g. `outputs[2]`). */
  check(def: OutputDefinition, prefix: string): Issue[] {
    const plugin = this.plugins.get(def.type);
    if (!plugin) {
      return [
        {
          field: `${prefix}.type`,
          message: `unknown output type ${JSON.stringify(def.type)}; known: ${[...this.plugins.keys()].join(', ')}`,
        },
      ];
    }
    const issues: Issue[] = [];
    const config = plugin.configSchema.safeParse(def.config);
    if (!config.success) {
      for (const i of config.error.issues) {
        issues.push({ field: formatPath(`${prefix}.config`, i.path), message: i.message });
      }
    }
    const route = parseRoute(def.route, `${prefix}.route`);
    if (!route.ok) issues.push(...route.issues);
    return issues;
  }

  /** Writes the YAML config's outputs to the database (secrets sealed) and loads everything. */
  async syncConfig(defs: readonly OutputDefinition[]): Promise<void> {
    const issues = defs.flatMap((d, i) => this.check(d, `outputs[${i}]`));
    const names = defs.map((d) => d.name);
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i)
        issues.push({ field: `outputs[${i}].name`, message: `${n} is used twice` });
    });
    if (issues.length > 0) throw new OutputsConfigError(issues);
    await this.repo.syncFromConfig(defs, (id, d) =>
      sealSecrets(this.box, id, d.config, this.plugins.get(d.type)!.secretFields),
    );
    await this.reload();
  }

  /** Re-reads the outputs and teams (after a change through the API). */
  async reload(): Promise<void> {
    const compiled: Compiled[] = [];
    for (const stored of await this.repo.list()) {
      if (!stored.enabled) continue;
      const output = this.toRuntime(stored);
      const route = parseRoute(stored.route);
      if (!output || !route.ok) continue;
      compiled.push({ output, route: compileRoute(route.route) });
    }
    this.teams = new Map((await this.teamsRepo.list()).map((t) => [t.name, t]));
    this.compiled = compiled;
    this.runtime = new Map(compiled.map((c) => [c.output.id, c.output]));
  }

  outputsFor(event: SecurityEvent): readonly string[] {
    if (this.compiled.length === 0) return [];
    const routable = toRoutable(event);
    return this.compiled
      .filter((c) => c.route.matches(routable, this.teams))
      .map((c) => c.output.id);
  }

  /** For the route test: the outputs an event goes to, and why each other one is not. */
  explain(event: SecurityEvent): {
    outputs: string[];
    not_routed: Array<{ output: string; failed: RouteExplanation['failed'] }>;
  } {
    const routable = toRoutable(event);
    const outputs: string[] = [];
    const notRouted: Array<{ output: string; failed: RouteExplanation['failed'] }> = [];
    for (const c of this.compiled) {
      const why = c.route.explain(routable, this.teams);
      if (why.matched) outputs.push(c.output.name);
      else notRouted.push({ output: c.output.name, failed: why.failed });
    }
    return { outputs, not_routed: notRouted };
  }

  committed(): void {
    this.onRouted();
  }

  everyOutput(): readonly string[] {
    return this.compiled.map((c) => c.output.id);
  }

  outputs(): ReadonlyMap<string, RuntimeOutput> {
    return this.runtime;
  }

  private toRuntime(stored: StoredOutput): RuntimeOutput | undefined {
    const plugin = this.plugins.get(stored.type);
    if (!plugin) {
      this.logger.error(
        { output: stored.name, type: stored.type },
        'output type unknown; not delivering to it',
      );
      return undefined;
    }
    const opened = openSecrets(this.box, stored.id, stored.config, plugin.secretFields);
    const config = plugin.configSchema.safeParse(opened);
    if (!config.success) {
      this.logger.error({ output: stored.name }, 'output settings invalid; not delivering to it');
      return undefined;
    }
    return {
      id: stored.id,
      name: stored.name,
      plugin,
      config: config.data,
      policy: DeliveryPolicySchema.parse(stored.delivery),
      secrets: plugin.secretFields.flatMap((f) => {
        const v = f
          .split('.')
          .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], opened);
        return stringLeaves(v);
      }),
    };
  }
}

/** What routes read, from an event not yet stored. */
function toRoutable(e: SecurityEvent): RoutableEvent {
  return {
    priority: e.priority,
    rule: e.rule,
    source: e.source,
    tags: e.tags,
    hostname: e.hostname,
    cluster: e.cluster,
    namespace: e.namespace,
    boundary: e.boundary,
    output_fields: e.outputFields,
  };
}

/** Every string inside a secret setting (a URL, or each value of a headers map). */
function stringLeaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(stringLeaves);
}
