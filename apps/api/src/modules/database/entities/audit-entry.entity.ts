import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One audit record; written only by AuditLog.append (hash-chained, append-only). */
@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'bigint', generatedIdentity: 'ALWAYS' }) seq!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  /** `token:<id>`, `cli`, later `user:<name>`. */
  @Column({ type: 'text' }) actor!: string;
  @Column({ type: 'text' }) action!: string;
  @Column({ type: 'text', nullable: true }) target!: string | null;
  @Column({ type: 'text', nullable: true, name: 'source_ip' }) sourceIp!: string | null;
  /** Canonical JSON of the record (including before/after); what the hash covers. */
  @Column({ type: 'text' }) entry!: string;
  @Column({ type: 'bytea', nullable: true, name: 'prev_hash' }) prevHash!: Buffer | null;
  @Column({ type: 'bytea' }) hash!: Buffer;
}
