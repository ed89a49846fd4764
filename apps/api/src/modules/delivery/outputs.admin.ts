import { randomUUID } from 'node:crypto';
import type { OutputPlugin } from '@aerie/outputs';
import { ApiError } from '../../shared/api-error.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { MASK } from '../secrets/mask.js';
import { OutputDefinitionSchema, type OutputDefinition } from './output-definition.js';
import type { OutputsRepository, StoredOutput } from './outputs.repository.js';
import type { OutputsService } from './outputs.service.js';
import { openSecrets, sealSecrets } from './sealed-config.js';

/** An output as the API shows it: secrets masked. */
export type OutputView = Omit<StoredOutput, 'config'> & { config: Record<string, unknown> };

/**
 * Outputs managed through the API: checked by their plugin and route compiler, secrets sealed,
 * answers masked. Outputs from the YAML file are re-synced at every start, so the API may
 * disable them but not change or delete them.
 */
export class OutputsAdmin {
  constructor(
    private readonly repo: OutputsRepository,
    private readonly service: OutputsService,
    private readonly plugins: ReadonlyMap<string, OutputPlugin<unknown>>,
    private readonly box: SecretBox,
  ) {}

  async list(): Promise<OutputView[]> {
    return (await this.repo.list()).map((o) => this.view(o));
  }

  async create(def: OutputDefinition): Promise<OutputView> {
    this.check(def);
    const id = randomUUID();
    const sealed = sealSecrets(this.box, id, def.config, this.secretFields(def.type));
    if (!(await this.repo.create(id, def, sealed))) {
      throw new ApiError(
        409,
        'output_exists',
        `an output named ${JSON.stringify(def.name)} exists`,
      );
    }
    await this.service.reload();
    return this.view((await this.repo.get(def.name))!);
  }

  /** A masked secret sent back unchanged keeps the stored value. */
  async update(
    name: string,
    patch: Partial<OutputDefinition>,
  ): Promise<{ before: OutputView; after: OutputView }> {
    const stored = await this.found(name);
    const fields = this.secretFields(stored.type);
    if (stored.origin === 'config' && Object.keys(patch).some((k) => k !== 'enabled')) {
      throw new ApiError(
        409,
        'defined_in_config',
        `${name} comes from the configuration file; change it there (the API may only enable or disable it)`,
      );
    }
    const current = openSecrets(this.box, stored.id, stored.config, fields);
    const config = patch.config ? keepMasked(patch.config, current, fields) : current;
    const def = OutputDefinitionSchema.parse({
      name,
      type: stored.type,
      enabled: patch.enabled ?? stored.enabled,
      config,
      route: patch.route ?? stored.route,
      delivery: patch.delivery ?? stored.delivery,
    });
    this.check(def);
    await this.repo.update(stored.id, def, sealSecrets(this.box, stored.id, def.config, fields));
    await this.service.reload();
    return { before: this.view(stored), after: this.view((await this.repo.get(name))!) };
  }

  async remove(name: string): Promise<OutputView> {
    const stored = await this.found(name);
    if (stored.origin === 'config') {
      throw new ApiError(
        409,
        'defined_in_config',
        `${name} comes from the configuration file; remove it there`,
      );
    }
    await this.repo.delete(stored.id);
    await this.service.reload();
    return this.view(stored);
  }

  private check(def: OutputDefinition): void {
    const issues = this.service.check(def, '');
    if (issues.length > 0) {
      throw ApiError.invalid(
        'invalid_output',
        issues.map((i) => ({ ...i, field: i.field.replace(/^\./, '') })),
      );
    }
  }

  private async found(name: string): Promise<StoredOutput> {
    const stored = await this.repo.get(name);
    if (!stored) throw new ApiError(404, 'not_found', `no output named ${JSON.stringify(name)}`);
    return stored;
  }

  private secretFields(type: string): readonly string[] {
    return this.plugins.get(type)?.secretFields ?? [];
  }

  private view(o: StoredOutput): OutputView {
    let config = o.config;
    for (const field of this.secretFields(o.type)) config = setPath(config, field, MASK);
    return { ...o, config };
  }
}

function getPath(o: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
}

function setPath(
  o: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (head === undefined || !(head in o) || o[head] === undefined || o[head] === null) return o;
  if (rest.length === 0) return { ...o, [head]: value };
  const inner = o[head];
  if (typeof inner !== 'object' || inner === null) return o;
  return { ...o, [head]: setPath(inner as Record<string, unknown>, rest.join('.'), value) };
}

function keepMasked(
  next: Record<string, unknown>,
  current: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  let out = next;
  for (const f of fields) if (getPath(next, f) === MASK) out = setPath(out, f, getPath(current, f));
  return out;
}
