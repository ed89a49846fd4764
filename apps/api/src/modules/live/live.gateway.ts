import type { IncomingMessage } from 'node:http';
import { WebSocketGateway, type OnGatewayConnection } from '@nestjs/websockets';
import type { WebSocket } from 'ws';
import { LiveAuth } from './live-auth.js';
import { LiveHub } from './live-hub.js';

export const LIVE_PATH = '/api/v1/live';

/**
 * `GET /api/v1/live` (WebSocket). The upgrade was authenticated by LiveWsAdapter; the connection
 * joins the hub with the principal admitted for it. Client frames are small (64 KiB at most).
 */
@WebSocketGateway({ path: LIVE_PATH, maxPayload: 64 * 1024 })
export class LiveGateway implements OnGatewayConnection {
  constructor(
    private readonly hub: LiveHub,
    private readonly auth: LiveAuth,
  ) {}

  handleConnection(socket: WebSocket, req: IncomingMessage): void {
    const admitted = this.auth.take(req);
    if (admitted) this.hub.join(socket, admitted);
    else socket.close(1011, 'not authenticated');
  }
}
