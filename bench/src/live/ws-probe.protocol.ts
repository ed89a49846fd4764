/** Messages between the benchmark and its WebSocket probe (a worker thread). */
export interface WsProbeData {
  /** `ws://…/api/v1/live`. */
  url: string;
  /** `aerie_session=…` of a signed-in user. */
  cookie: string;
  /** The dashboard's origin, as a browser would send it. */
  origin: string;
}

export type ToProbe = { type: 'take' } | { type: 'stop' };

export type FromProbe =
  | { type: 'subscribed' }
  | { type: 'failed'; message: string }
  /** First receipt time of each marker, and how many `events` messages carried them. */
  | { type: 'seen'; seen: Array<[string, number]>; messages: number };
