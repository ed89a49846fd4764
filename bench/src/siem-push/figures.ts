import type { ReceiverReport } from '../delivery/protocol.js';
import { rate } from '../delivery/summary.js';

/** What the receiver saw of one run: its own events/s and Aerie's batching. */
export interface ReceiverFigures {
  /** Events per second from the first request received to the last event's arrival. */
  eventsPerSecond: number;
  /** Events per request (syslog: per TCP read). */
  eventsPerRequest: number;
}

export function receiverFigures(report: ReceiverReport): ReceiverFigures {
  const lastAt = report.firstOk.reduce(
    (max, [, at]) => Math.max(max, at),
    Number.NEGATIVE_INFINITY,
  );
  return {
    eventsPerSecond:
      report.firstRequestAt === undefined || report.firstOk.length === 0
        ? Number.NaN
        : rate(report.firstOk.length, report.firstRequestAt, lastAt),
    eventsPerRequest: report.requests === 0 ? Number.NaN : report.delivered / report.requests,
  };
}

/**
 * Events/s from the first POST until every delivery was recorded: the span to the last receipt
 * (events ÷ `toLastReceipt` events/s) plus the time Aerie took to record it after that.
 */
export function untilRecorded(
  events: number,
  toLastReceipt: number,
  recordedAfterMs: number,
): number {
  return rate(events, 0, (events / toLastReceipt) * 1000 + recordedAfterMs);
}
