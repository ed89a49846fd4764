import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EventListQuery, StatsQuery } from '@aerie/contracts';

/**
 * The parts of Aerie's build (apps/api/dist) the query benchmark runs: the query layer, the
 * database handle with its tenant transaction, the token store and the tenant-scope helpers. The
 * benchmark uses the code the measured server runs instead of copies that could drift. Types here
 * mirror only what is called.
 */

export interface NamespaceSelector {
  cluster: string;
  namespace: string;
}
export type TenantScope =
  { all: true } | { all: false; selectors: NamespaceSelector[]; clusterWide: string[] };
export type TeamScope = Extract<TenantScope, { all: false }>;
export const ALL: TenantScope = { all: true };

export type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** What EventsRepository needs of Database. */
export interface QueryDatabase {
  query: Query;
  asTenant<T>(patterns: readonly string[], fn: (query: Query) => Promise<T>): Promise<T>;
}

export interface AerieDatabase extends QueryDatabase {
  tenantRole: boolean;
  close(): Promise<void>;
}

export interface QueryLayer {
  list(scope: TenantScope, query: EventListQuery): Promise<string>;
  groups(scope: TenantScope, query: EventListQuery): Promise<string>;
  stats(scope: TenantScope, query: StatsQuery, now?: Date): Promise<unknown>;
}

interface SqlParams {
  readonly values: unknown[];
}

export interface AerieDist {
  EventsRepository: new (db: QueryDatabase) => QueryLayer;
  openDatabase(databaseUrl: string): Promise<AerieDatabase>;
  /** An admin token's secret, made directly in the token store (no API call can make the first). */
  createAdminToken(db: AerieDatabase, name: string): Promise<string>;
  scopeOfTeams(teams: { namespaces: readonly string[]; cluster_wide: boolean }[]): TeamScope;
  scopePatterns(scope: TeamScope): string[];
  /** The scope as SQL over `alias` (undefined for everything), with its parameters. */
  scopeCondition(scope: TenantScope, alias: string): { sql: string | undefined; params: unknown[] };
}

async function load(repoRoot: string, ...path: string[]): Promise<Record<string, unknown>> {
  const file = join(repoRoot, 'apps', 'api', 'dist', ...path);
  if (!existsSync(file)) throw new Error(`${file} not found: build Aerie first`);
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

function member<T>(mod: Record<string, unknown>, name: string): T {
  const value = mod[name];
  if (value === undefined) throw new Error(`Aerie's build does not export ${name}`);
  return value as T;
}

export async function loadAerieDist(repoRoot: string): Promise<AerieDist> {
  // TypeORM's entity decorators need the metadata polyfill loaded first, as in Aerie's main
  // (resolved from Aerie's package: it is Aerie's dependency, not the benchmark's).
  const polyfill = createRequire(join(repoRoot, 'apps', 'api', 'package.json')).resolve(
    'reflect-metadata',
  );
  await import(pathToFileURL(polyfill).href);
  const repo = await load(repoRoot, 'modules', 'events', 'events.repository.js');
  const database = await load(repoRoot, 'modules', 'database', 'database.js');
  const tokens = await load(repoRoot, 'modules', 'tokens', 'tokens.repository.js');
  const scope = await load(repoRoot, 'modules', 'access', 'tenant-scope.js');
  const params = await load(repoRoot, 'modules', 'events', 'sql-params.js');

  const Database = member<{
    open(target: {
      databaseUrl: string;
      dataDir: string;
      poolSize?: number;
    }): Promise<AerieDatabase>;
  }>(database, 'Database');
  const Tokens = member<
    new (db: AerieDatabase) => {
      create(input: {
        name: string;
        scopes: string[];
        teams: string[];
      }): Promise<{ token: string }>;
    }
  >(tokens, 'TokensRepository');
  const SqlParamsClass = member<new () => SqlParams>(params, 'SqlParams');
  const condition = member<(s: TenantScope, p: SqlParams, alias: string) => string | undefined>(
    scope,
    'scopeCondition',
  );
  return {
    EventsRepository: member(repo, 'EventsRepository'),
    // dataDir is only read for the embedded database; a real Postgres ignores it.
    openDatabase: (databaseUrl) => Database.open({ databaseUrl, dataDir: '.', poolSize: 4 }),
    createAdminToken: async (db, name) =>
      (await new Tokens(db).create({ name, scopes: ['admin'], teams: [] })).token,
    scopeOfTeams: member(scope, 'scopeOfTeams'),
    scopePatterns: member(scope, 'scopePatterns'),
    scopeCondition: (s, alias) => {
      const p = new SqlParamsClass();
      return { sql: condition(s, p, alias), params: p.values };
    },
  };
}
