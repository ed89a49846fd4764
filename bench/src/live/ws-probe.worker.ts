import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { LiveServerMessageSchema } from '@aerie/contracts';
import { markersIn } from './marker.js';
import type { FromProbe, ToProbe, WsProbeData } from './ws-probe.protocol.js';

/**
 * The baseline: a plain `ws` client on the dashboard's live stream, subscribed to every event.
 * It runs in a worker thread so that its receipt times are not delayed by the sender's event
 * loop in the main thread.
 */
const data = workerData as WsProbeData;
const port = parentPort;
if (!port) throw new Error('ws-probe.worker runs as a worker thread');
const tell = (message: FromProbe): void => port.postMessage(message);

const seen = new Map<string, number>();
let messages = 0;
const socket = new WebSocket(data.url, { headers: { cookie: data.cookie }, origin: data.origin });
const ping = setInterval(() => send({ type: 'ping' }), 20_000);

function send(message: unknown): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

socket.on('open', () => send({ type: 'subscribe', events: {} }));
socket.on('message', (raw: WebSocket.RawData) => {
  const at = performance.timeOrigin + performance.now();
  const parsed = LiveServerMessageSchema.safeParse(JSON.parse(raw.toString()));
  if (!parsed.success) return;
  const message = parsed.data;
  if (message.type === 'subscribed') tell({ type: 'subscribed' });
  else if (message.type === 'error') tell({ type: 'failed', message: message.message });
  else if (message.type === 'events') {
    messages++;
    for (const item of message.items)
      for (const m of markersIn(item.output ?? '')) if (!seen.has(m)) seen.set(m, at);
  }
});
socket.on('unexpected-response', (_req, res) =>
  tell({ type: 'failed', message: `the live endpoint answered ${res.statusCode}` }),
);
socket.on('error', (err) => tell({ type: 'failed', message: err.message }));
socket.on('close', () => clearInterval(ping));

port.on('message', (message: ToProbe) => {
  if (message.type === 'take') tell({ type: 'seen', seen: [...seen], messages });
  else {
    clearInterval(ping);
    socket.close();
    port.close();
  }
});
