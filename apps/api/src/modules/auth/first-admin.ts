import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { PasswordSchema } from '@aerie/contracts';
import type { AuditLog } from '../audit/audit-log.js';
import type { UsersRepository } from '../users/users.repository.js';

/**
 * First start: with no user at all, creates `admin` with `AERIE_ADMIN_PASSWORD`, or with a
 * generated password printed once to the log (the only time any password is logged).
 */
export async function ensureFirstAdmin(
  users: UsersRepository,
  audit: AuditLog,
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if ((await users.count()) > 0) return;
  const given = env['AERIE_ADMIN_PASSWORD'];
  if (given !== undefined && given !== '') {
    const check = PasswordSchema.safeParse(given);
    if (!check.success) {
      throw new Error(`AERIE_ADMIN_PASSWORD ${check.error.issues[0]?.message ?? 'is not valid'}`);
    }
  }
  const password = given || randomBytes(18).toString('base64url');
  const created = await users.create({ username: 'admin', password, role: 'admin', teams: [] });
  if (!created) return; // another instance created it first
  await audit.append({ actor: 'system', action: 'user.create', target: 'admin', after: created });
  if (given) {
    logger.info('created the first user "admin" with the password from AERIE_ADMIN_PASSWORD');
  } else {
    // In the message, not a field: log redaction removes fields named like passwords.
    logger.warn(
      `created the first user "admin" with the generated password ${password} — it is shown only now; sign in and change it`,
    );
  }
}
