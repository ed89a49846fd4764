import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A signed-in browser; only the SHA-256 of the cookie's secret is stored. */
@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryColumn({ type: 'bytea', name: 'id_hash' }) idHash!: Buffer;
  @Column({ type: 'uuid', name: 'user_id' }) userId!: string;
  @Column({ type: 'text', name: 'csrf_token' }) csrfToken!: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'expires_at' }) expiresAt!: Date;
  @Column({ type: 'text', nullable: true, name: 'source_ip' }) sourceIp!: string | null;
}
