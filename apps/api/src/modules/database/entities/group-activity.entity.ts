import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One line of an alert group's history: a comment, a status or assignee change, a reopening. */
@Entity({ name: 'group_activity' })
export class GroupActivityEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'uuid', name: 'group_id' }) groupId!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  /** Username, `token:<name>`, or null for Aerie itself (a reopening event). */
  @Column({ type: 'text', nullable: true }) actor!: string | null;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'text', nullable: true }) body!: string | null;
  @Column({ type: 'text', nullable: true, name: 'from_value' }) fromValue!: string | null;
  @Column({ type: 'text', nullable: true, name: 'to_value' }) toValue!: string | null;
}
