import type { SecurityEvent } from '@aerie/detectors';

/** Which outputs an event goes to, decided at ingest so the outbox rows commit with the event. */
export interface EventRouter {
  outputsFor(event: SecurityEvent): readonly string[];
  /** Every enabled output (test events go to all of them). */
  everyOutput(): readonly string[];
  /** Events with outputs were committed: their deliveries are due. */
  committed(): void;
}
