import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant: the namespaces (cluster glob / namespace glob) whose events its members see. */
@Entity({ name: 'teams' })
export class TeamEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', unique: true }) name!: string;
  @Column({ type: 'text', array: true }) namespaces!: string[];
  /** Also events without a namespace, in the clusters of its selectors. */
  @Column({ type: 'boolean', name: 'cluster_wide' }) clusterWide!: boolean;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}

@Entity({ name: 'user_teams' })
export class UserTeamEntity {
  @PrimaryColumn({ type: 'uuid', name: 'user_id' }) userId!: string;
  @PrimaryColumn({ type: 'uuid', name: 'team_id' }) teamId!: string;
}

@Entity({ name: 'token_teams' })
export class TokenTeamEntity {
  @PrimaryColumn({ type: 'uuid', name: 'token_id' }) tokenId!: string;
  @PrimaryColumn({ type: 'uuid', name: 'team_id' }) teamId!: string;
}
