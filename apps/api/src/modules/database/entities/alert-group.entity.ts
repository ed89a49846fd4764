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
}
