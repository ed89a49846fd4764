import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Events with the same fingerprint (see libs/detectors fingerprint.ts), counted. */
@Entity({ name: 'alert_groups' })
export class AlertGroupEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', unique: true }) fingerprint!: string;
  @Column({ type: 'text' }) rule!: string;
  @Column({ type: 'text' }) source!: string;
  @Column({ type: 'text', nullable: true }) cluster!: string | null;
  @Column({ type: 'text', nullable: true }) namespace!: string | null;
  @Column({ type: 'text', nullable: true }) workload!: string | null;
  /** Part of the identity only when there is no workload. */
  @Column({ type: 'text', nullable: true }) hostname!: string | null;
  @Column({ type: 'text' }) boundary!: string;
  /** The most severe priority seen (lowest rank). */
  @Column({ type: 'smallint' }) priority!: number;
  @Column({ type: 'bigint' }) count!: string;
  @Column({ type: 'timestamptz', name: 'first_seen' }) firstSeen!: Date;
  @Column({ type: 'timestamptz', name: 'last_seen' }) lastSeen!: Date;
  /** Triage: new, acknowledged, resolved, false_positive. */
  @Column({ type: 'text', default: 'new' }) status!: string;
  /** Username of the analyst who owns it. */
  @Column({ type: 'text', nullable: true }) assignee!: string | null;
  @Column({ type: 'timestamptz', nullable: true, name: 'status_changed_at' })
  statusChangedAt!: Date | null;
  /** Who changed the status last; null when a new event reopened it. */
  @Column({ type: 'text', nullable: true, name: 'status_changed_by' })
  statusChangedBy!: string | null;
  @Column({ type: 'int', default: 0, name: 'comment_count' }) commentCount!: number;
}
