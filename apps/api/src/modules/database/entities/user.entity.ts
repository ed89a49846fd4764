import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person: local (argon2id password) or from single sign-on (`subject` = OIDC `sub`). */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', unique: true }) username!: string;
  @Column({ type: 'text', nullable: true, name: 'password_hash' }) passwordHash!: string | null;
  @Column({ type: 'text' }) role!: string;
  @Column({ type: 'text' }) source!: string;
  @Column({ type: 'text', nullable: true, unique: true }) subject!: string | null;
  @Column({ type: 'boolean' }) disabled!: boolean;
  /** Wrong passwords in a row; reset by a successful sign-in. */
  @Column({ type: 'int', name: 'failed_logins' }) failedLogins!: number;
  @Column({ type: 'timestamptz', nullable: true, name: 'locked_until' }) lockedUntil!: Date | null;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true, name: 'last_login_at' })
  lastLoginAt!: Date | null;
}
