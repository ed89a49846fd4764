import type { IncomingMessage } from 'node:http';
import { fastifyCookie } from '@fastify/cookie';
import { allows, ofSession, ofToken } from '../access/access.js';
import type { Principal } from '../access/principal.js';
import { SESSION_COOKIE, type Sessions } from '../auth/sessions.js';
import type { TokensRepository } from '../tokens/tokens.repository.js';

/** What a live connection signed in with, kept to check it again while the socket is open. */
export type LiveCredential = { kind: 'session'; id: string } | { kind: 'token'; secret: string };

export interface Admitted {
  principal: Principal;
  credential: LiveCredential;
}

export type Verdict = ({ ok: true } & Admitted) | { ok: false; status: 401 | 403; message: string };

/**
 * Who may open the live stream, decided at the HTTP upgrade: a session cookie or a Bearer token
 * that may read events. The cookie is sent by the browser on its own, so with it the page's
 * Origin must be this server's (Host, or publicUrl): another site cannot open a socket in its
 * visitor's name (cross-site WebSocket hijacking). A token is no ambient credential: any Origin.
 */
export class LiveAuth {
  private readonly admitted = new WeakMap<IncomingMessage, Admitted>();

  constructor(
    private readonly sessions: Sessions,
    private readonly tokens: TokensRepository,
    private readonly publicUrl: string | undefined,
  ) {}

  async verify(req: IncomingMessage): Promise<Verdict> {
    const credential = credentialOf(req);
    if (!credential) {
      return { ok: false, status: 401, message: 'sign in, or send Authorization: Bearer <token>' };
    }
    if (credential.kind === 'session' && !this.sameOrigin(req)) {
      return { ok: false, status: 403, message: 'cross-origin live connections need a token' };
    }
    const principal = await this.principalOf(credential);
    if (!principal) {
      return { ok: false, status: 401, message: 'the session or token is not valid (any more)' };
    }
    if (!allows(principal, 'read')) {
      return {
        ok: false,
        status: 403,
        message: 'this token needs the scope events:read or siem:read',
      };
    }
    this.admitted.set(req, { principal, credential });
    return { ok: true, principal, credential };
  }

  /** The principal verify() admitted for this upgrade request (once). */
  take(req: IncomingMessage): Admitted | undefined {
    const found = this.admitted.get(req);
    this.admitted.delete(req);
    return found;
  }

  /** The credential's principal now: undefined once the session ended or the token was revoked. */
  async principalOf(credential: LiveCredential): Promise<Principal | undefined> {
    if (credential.kind === 'token') {
      const token = await this.tokens.verify(credential.secret);
      return token && ofToken(token);
    }
    const session = await this.sessions.lookup(credential.id);
    return session && ofSession(session);
  }

  private sameOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    // Browsers always send Origin on WebSocket upgrades; a client without one is not a page.
    if (origin === undefined) return true;
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return false;
    }
    if (host === req.headers.host) return true;
    return this.publicUrl !== undefined && new URL(this.publicUrl).host === host;
  }
}

/** `Authorization: Bearer …` first (as Access), else the session cookie. */
function credentialOf(req: IncomingMessage): LiveCredential | undefined {
  const secret = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  if (secret !== undefined) return { kind: 'token', secret };
  const cookies = req.headers.cookie;
  const id = cookies === undefined ? undefined : fastifyCookie.parse(cookies)[SESSION_COOKIE];
  return id ? { kind: 'session', id } : undefined;
}
