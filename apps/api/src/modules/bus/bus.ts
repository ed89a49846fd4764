import { EventEmitter } from 'node:events';
import type { AlertGroup } from '@aerie/contracts';

/**
 * The internal bus: small typed nudges for whoever follows live state (the dashboard's live
 * stream, next). The database stays the source of truth; a missed message loses nothing.
 */
export interface BusMessages {
  /**
   * Events with seq in `from`..`to` were committed (one batch). Readers fetch the rows: the batch
   * statement returns only ids and seqs, and another replica's batch arrives the same way.
   */
  events: { from: number; to: number };
  /** Alert groups changed by triage or reopened by a new event (after commit), as the API shows them. */
  groups: { groups: AlertGroup[] };
  /** A delivery changed state after an attempt. */
  delivery: {
    id: string;
    eventId: string;
    output: string;
    status: 'pending' | 'acking' | 'delivered' | 'dead';
    /** The event's tenant: who may see this delivery (the live stream filters on it). */
    cluster: string | null;
    namespace: string | null;
  };
}

export class Bus {
  private readonly emitter = new EventEmitter();

  emit<K extends keyof BusMessages>(topic: K, message: BusMessages[K]): void {
    this.emitter.emit(topic, message);
  }

  on<K extends keyof BusMessages>(
    topic: K,
    listener: (message: BusMessages[K]) => void,
  ): () => void {
    this.emitter.on(topic, listener);
    return () => this.emitter.off(topic, listener);
  }
}
