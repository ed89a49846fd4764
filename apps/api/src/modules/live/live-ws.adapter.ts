import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { Server, VerifyClientCallbackAsync } from 'ws';
import type { LiveAuth } from './live-auth.js';

/**
 * Nest's WsAdapter on Fastify's HTTP server, plus what its gateway options cannot say:
 * - the upgrade is authenticated before it completes (ws `verifyClient`), so a refused client
 *   gets an HTTP 401/403 answer rather than an open socket that is closed at once;
 * - the socket is also served under the configured base path (`/aerie/api/v1/live`): a gateway
 *   has one fixed path, and Fastify's URL rewriting does not see upgrade requests;
 * - frames are not parsed by Nest (its `{event, data}` format is not this protocol, and it drops
 *   bad frames silently): LiveHub reads them and answers a bad one with an `error` message.
 */
export class LiveWsAdapter extends WsAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly auth: LiveAuth,
    private readonly basePath: string,
  ) {
    super(app, { messageParser: () => undefined });
  }

  override create(port: number, options: Record<string, unknown> & { path?: string } = {}): Server {
    if (this.basePath !== '') {
      const prefix = `${this.basePath}/`;
      // Runs before Nest's own upgrade listener, which matches the exact gateway path.
      (this.httpServer as HttpServer).prependListener('upgrade', (req: IncomingMessage) => {
        if (req.url?.startsWith(prefix)) req.url = req.url.slice(this.basePath.length);
      });
    }
    const verifyClient: VerifyClientCallbackAsync = (info, done) => {
      this.auth.verify(info.req).then(
        (verdict) => (verdict.ok ? done(true) : done(false, verdict.status, verdict.message)),
        () => done(false, 503, 'cannot check credentials now'),
      );
    };
    return super.create(port, { ...options, verifyClient }) as Server;
  }
}
