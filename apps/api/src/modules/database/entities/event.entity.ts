import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One stored event. Mirrors the hand-written migration (the GIN indexes live only there).
 * Rows are written in bulk by the ingest batch writer, not through the entity manager.
 */
@Entity({ name: 'events' })
export class EventEntity {
  @PrimaryColumn({ type: 'bigint', generatedIdentity: 'ALWAYS' }) seq!: string;
  @Column({ type: 'uuid', unique: true }) id!: string;
  @Column({ type: 'timestamptz', name: 'received_at' }) receivedAt!: Date;
  @Column({ type: 'timestamptz', name: 'event_time' }) eventTime!: Date;
  /** As sent, with Falco's nanoseconds. */
  @Column({ type: 'text' }) time!: string;
  /** 0 = Emergency … 7 = Debug. */
  @Column({ type: 'smallint' }) priority!: number;
  @Column({ type: 'text' }) rule!: string;
  @Column({ type: 'text', nullable: true }) output!: string | null;
  @Column({ type: 'jsonb', name: 'output_fields' }) outputFields!: Record<string, unknown>;
  @Column({ type: 'text' }) source!: string;
  @Column({ type: 'text', array: true }) tags!: string[];
  @Column({ type: 'text', nullable: true }) hostname!: string | null;
  @Column({ type: 'text', nullable: true }) cluster!: string | null;
  @Column({ type: 'text', nullable: true }) namespace!: string | null;
  @Column({ type: 'text', nullable: true }) workload!: string | null;
  @Column({ type: 'text', nullable: true }) pod!: string | null;
  @Column({ type: 'text', nullable: true, name: 'container_image' }) containerImage!: string | null;
  @Column({ type: 'text' }) boundary!: string;
  @Column({ type: 'text' }) fingerprint!: string;
  @Column({ type: 'uuid', name: 'group_id' }) groupId!: string;
  /** The event as sent minus `output` and `output_fields` (unknown keys included). */
  @Column({ type: 'jsonb' }) payload!: Record<string, unknown>;
  /** Output-field keys added by `customFields`, so the raw payload can be rebuilt exactly. */
  @Column({ type: 'text', array: true, nullable: true, name: 'added_fields' }) addedFields!:
    string[] | null;
}
