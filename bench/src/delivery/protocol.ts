/**
 * Messages between the benchmark and its receiver child process (over the fork IPC channel).
 * Times are wall-clock ms (`performance.timeOrigin + performance.now()`) so that both processes
 * stamp on the same clock with sub-ms resolution.
 */

export const wallClock = (): number => performance.timeOrigin + performance.now();

/** A `status` that holds every request unanswered until the status changes (SIEM receivers). */
export const HOLD = 0;

export type ReceiverCommand =
  | { type: 'status'; seq: number; status: number }
  | { type: 'reset'; seq: number; keepBodies: boolean }
  | { type: 'count'; seq: number }
  | { type: 'report'; seq: number }
  | { type: 'saveBodies'; seq: number; file: string };

/** What the receiver saw since the last reset. */
export interface ReceiverCount {
  /** Distinct `webhook-id`s answered 200. */
  delivered: number;
  requests: number;
  /** Requests answered with something else than 200 (the receiver was down). */
  refused: number;
}

export interface ReceiverReport extends ReceiverCount {
  /** Each id answered 200, with the time of its first 200. */
  firstOk: Array<[string, number]>;
  /** 200s for an id that had already been answered 200: must be 0. */
  duplicates: number;
  /** Requests without a `webhook-id` header. */
  anonymous: number;
  firstRequestAt: number | undefined;
}

export type ReceiverReply =
  | { type: 'ready'; port: number }
  | { type: 'done'; seq: number; count?: ReceiverCount; report?: ReceiverReport; saved?: number };
