import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An API token; the secret itself is never stored, only its SHA-256. */
@Entity({ name: 'api_tokens' })
export class ApiTokenEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) name!: string;
  /** The first characters of the secret, to recognise a token in lists and logs. */
  @Column({ type: 'text' }) prefix!: string;
  @Column({ type: 'bytea', unique: true, name: 'secret_hash' }) secretHash!: Buffer;
  @Column({ type: 'text', array: true }) scopes!: string[];
  /** Events ingested with this token get this cluster. */
  @Column({ type: 'text', nullable: true }) cluster!: string | null;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true, name: 'expires_at' }) expiresAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true, name: 'last_used_at' }) lastUsedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true, name: 'revoked_at' }) revokedAt!: Date | null;
}
