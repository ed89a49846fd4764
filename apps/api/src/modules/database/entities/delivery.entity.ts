import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A destination: a plugin type, its settings (secrets sealed) and its route. */
@Entity({ name: 'outputs' })
export class OutputEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', unique: true }) name!: string;
  @Column({ type: 'text' }) type!: string;
  @Column({ type: 'jsonb' }) config!: unknown;
  @Column({ type: 'jsonb' }) route!: unknown;
  /** Timeout, concurrency, rate, attempts, TLS: the engine's policy for it. */
  @Column({ type: 'jsonb' }) delivery!: unknown;
  @Column({ type: 'boolean' }) enabled!: boolean;
  /** `config` (the YAML file, re-synced at start) or `api`. */
  @Column({ type: 'text' }) origin!: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}

/** One event owed to one output: the outbox row. */
@Entity({ name: 'deliveries' })
export class DeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'uuid', name: 'event_id' }) eventId!: string;
  @Column({ type: 'uuid', name: 'output_id' }) outputId!: string;
  /** `event`: deliver the event; `resolve`: close its alert group's incident (triage). */
  @Column({ type: 'text', default: 'event' }) kind!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'int' }) attempts!: number;
  /** When it may be tried (again); a claim moves it forward by the lease. */
  @Column({ type: 'timestamptz', name: 'due_at' }) dueAt!: Date;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true, name: 'finished_at' }) finishedAt!: Date | null;
  @Column({ type: 'int', nullable: true, name: 'last_status' }) lastStatus!: number | null;
  @Column({ type: 'text', nullable: true, name: 'last_error' }) lastError!: string | null;
  /** While `acking`: the destination's ack id to poll for, and when to give up and resend. */
  @Column({ type: 'bigint', nullable: true, name: 'ack_id' }) ackId!: string | null;
  @Column({ type: 'timestamptz', nullable: true, name: 'ack_deadline' })
  ackDeadline!: Date | null;
}

/** One try of a delivery: what happened, for the delivery log. */
@Entity({ name: 'delivery_attempts' })
export class DeliveryAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'bigint', name: 'delivery_id' }) deliveryId!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'int', name: 'duration_ms' }) durationMs!: number;
  @Column({ type: 'int', nullable: true, name: 'http_status' }) httpStatus!: number | null;
  @Column({ type: 'text' }) outcome!: string;
  @Column({ type: 'text', nullable: true }) error!: string | null;
}
