import type http from 'node:http';
import { post } from '../delivery/post.js';
import type { EventGenerator } from '../generator/generator.js';
import { toJson } from '../generator/json.js';
import { msToNs, rfc3339 } from '../generator/time.js';
import { marker } from './marker.js';

/** One posted event: its marker, when the POST started and when its 200 was read. */
export interface Sent {
  marker: string;
  sentAt: number;
  /** Undefined when the answer was not 200 (or never came). */
  ackAt: number | undefined;
}

export interface PaceOptions {
  baseUrl: string;
  agent: http.Agent;
  generator: EventGenerator;
  run: string;
  /** Index of the first marker; runs of one benchmark use disjoint ranges. */
  firstIndex: number;
  perSecond: number;
  durationS: number;
}

const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Posts generated Falco alerts to `POST /`, one per request as Falco does, on a fixed schedule
 * (open loop: event i is due at start + i/rate whatever the answers, so a slow server shows as
 * latency, not as a lower rate). Each alert's `time` is its send time and its `output` starts
 * with its marker.
 */
export async function sendPaced(o: PaceOptions): Promise<Sent[]> {
  const url = new URL('/', o.baseUrl);
  const headers = { 'content-type': 'application/json' };
  const total = Math.round(o.perSecond * o.durationS);
  const sent: Sent[] = [];
  const inFlight: Array<Promise<void>> = [];
  const start = now();
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / o.perSecond - now();
    if (wait > 0) await sleep(wait);
    const event = o.generator.next();
    const id = marker(o.run, o.firstIndex + i);
    const body = Buffer.from(
      toJson({ ...event, time: rfc3339(msToNs(Date.now())), output: `${id} ${event.output}` }),
    );
    const record: Sent = { marker: id, sentAt: now(), ackAt: undefined };
    sent.push(record);
    inFlight.push(
      post(o.agent, url, headers, body).then(
        (res) => {
          if (res.status === 200) record.ackAt = now();
        },
        () => undefined,
      ),
    );
  }
  await Promise.all(inFlight);
  return sent;
}
