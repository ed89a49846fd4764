import { EventEmitter } from 'node:events';

/**
 * The internal bus: small typed nudges for whoever follows live state (the dashboard's live
 * stream, next). The database stays the source of truth; a missed message loses nothing.
 */
export interface BusMessages {
  /** A delivery changed state after an attempt. */
  delivery: {
    id: string;
    eventId: string;
    output: string;
    status: 'pending' | 'delivered' | 'dead';
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
