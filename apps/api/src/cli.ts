import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { CreateTokenSchema, issuesFromZod } from '@aerie/contracts';
import { ConfigError, loadConfig } from './modules/config/config.loader.js';
import { Database } from './modules/database/database.js';
import { AuditLog } from './modules/audit/audit-log.js';
import { TeamsRepository } from './modules/teams/teams.repository.js';
import { TokensRepository } from './modules/tokens/tokens.repository.js';

const USAGE = `usage: npm run aerie -- <command>

  token create --scope SCOPE [--scope SCOPE…] [--team TEAM…] [--name NAME] [--cluster CLUSTER] [--expires RFC3339]
      scopes: events:ingest, events:read, siem:read, admin. --team: what it may read (repeatable).
      Prints the token once.
  token list
  token revoke ID
  audit verify      recompute the audit log's hash chain; exit 1 if it is broken

Uses the same configuration as the server (AERIE_CONFIG, DATABASE_URL, AERIE_DATA_DIR). With the
embedded database, stop the server first (one process per data directory).`;

/** `npm run aerie -- token create …`: administration from a shell, e.g. the first admin token. */
async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      scope: { type: 'string', multiple: true },
      team: { type: 'string', multiple: true },
      cluster: { type: 'string' },
      expires: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [area, command, arg] = positionals;
  if (area === 'audit' && command === 'verify') return withDatabase(verifyAudit);
  if (values.help || area !== 'token' || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  // Arguments are checked before the database is opened.
  const input = CreateTokenSchema.safeParse({
    name:
      values.name ??
      `cli ${(values.scope ?? []).join(' ')} ${(values.team ?? []).join(' ')}`.trim(),
    scopes: values.scope ?? [],
    teams: values.team ?? [],
    cluster: values.cluster,
    expires_at: values.expires,
  });
  if (command === 'create' && !input.success) {
    for (const i of issuesFromZod(input.error)) {
      process.stderr.write(`aerie: --${flag(i.field)}: ${i.message}\n`);
    }
    return 2;
  }
  if (!['create', 'list', 'revoke'].includes(command)) {
    process.stdout.write(`${USAGE}\n`);
    return 2;
  }
  return withDatabase(async (db) => {
    const tokens = new TokensRepository(db);
    const audit = new AuditLog(db);
    switch (command) {
      case 'create': {
        if (!input.success) return 2;
        const unknown = await new TeamsRepository(db).unknown(input.data.teams);
        if (unknown.length > 0) {
          process.stderr.write(`aerie: --team: no team named ${unknown.join(', ')}\n`);
          return 2;
        }
        const created = await tokens.create(input.data);
        const { token: _secret, ...after } = created;
        await audit.append({ actor: 'cli', action: 'token.create', target: created.id, after });
        process.stdout.write(
          `created token ${created.id} (${created.name}; ${created.scopes.join(', ')}` +
            `${created.teams.length ? `; teams ${created.teams.join(', ')}` : ''})\n` +
            `store it now, it is not shown again:\n${created.token}\n`,
        );
        return 0;
      }
      case 'list':
        for (const t of await tokens.list()) {
          const state = t.revoked_at
            ? `revoked ${t.revoked_at}`
            : t.expires_at
              ? `expires ${t.expires_at}`
              : 'active';
          process.stdout.write(
            `${t.id}  ${t.prefix}…  ${t.name}  [${t.scopes.join(',')}]  ${state}\n`,
          );
        }
        return 0;
      case 'revoke': {
        const before = arg === undefined ? undefined : await tokens.get(arg);
        const revoked = arg === undefined ? undefined : await tokens.revoke(arg);
        if (!revoked) {
          process.stderr.write(`aerie: no token with id ${arg ?? '(missing)'}\n`);
          return 1;
        }
        await audit.append({
          actor: 'cli',
          action: 'token.revoke',
          target: revoked.id,
          before,
          after: revoked,
        });
        process.stdout.write(`revoked ${revoked.id} (${revoked.name})\n`);
        return 0;
      }
      default:
        return 2;
    }
  });
}

async function withDatabase(run: (db: Database) => Promise<number>): Promise<number> {
  const config = loadConfig();
  const db = await Database.open({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await run(db);
  } finally {
    await db.close();
  }
}

async function verifyAudit(db: Database): Promise<number> {
  const check = await new AuditLog(db).verify();
  if (check.ok) {
    process.stdout.write(
      `audit log intact: ${check.entries} entries, head ${check.head ?? '(empty)'}\n`,
    );
    return 0;
  }
  process.stdout.write(
    `audit log BROKEN at entry ${check.brokenAt}: ${check.reason} (${check.entries} entries before it verify)\n`,
  );
  return 1;
}

function flag(field: string): string {
  return (
    { scopes: 'scope', teams: 'team', expires_at: 'expires' }[field.split(/[.[]/)[0] ?? ''] ?? field
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `aerie: ${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  },
);
