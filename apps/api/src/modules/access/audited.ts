import type { FastifyRequest } from 'fastify';
import type { AuditLog } from '../audit/audit-log.js';
import { actorOf, type Principal } from './principal.js';

/** Appends one admin change (who, what, from where, before/after) to the audit log. */
export function recordChange(
  audit: AuditLog,
  req: FastifyRequest,
  actor: Principal,
  action: string,
  target: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  return audit.append({ actor: actorOf(actor), action, target, sourceIp: req.ip, before, after });
}
