import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A named SIEM consumer's checkpoint; written only by the siem module (SiemConsumers). */
@Entity({ name: 'siem_consumers' })
export class SiemConsumerEntity {
  /** `token:<id>` or `user:<id>`: whose consumer it is. */
  @PrimaryColumn({ type: 'text' }) owner!: string;
  /** `events` or `audit`. */
  @PrimaryColumn({ type: 'text' }) feed!: string;
  @PrimaryColumn({ type: 'text' }) name!: string;
  /** The seq after which nothing is acknowledged yet. */
  @Column({ type: 'bigint' }) position!: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
