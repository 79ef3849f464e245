import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How many contributions a consultation has from one group, of one kind, on one section ('' for none). */
@Entity('rm_contribution_count')
export class ContributionCountRow {
  @PrimaryColumn('varchar', { length: 64 }) consultationId: string;
  /** The submitting participant's stakeholder group; '' when the token named none. */
  @PrimaryColumn('varchar', { length: 64 }) group: string;
  @PrimaryColumn('varchar', { length: 32 }) kind: string;
  @PrimaryColumn('varchar', { length: 128 }) section: string;
  @Column('int') submitted: number;
  @Column('int') published: number;
}

/**
 * What the counts need to know of each contribution when it is published later: its
 * group, kind and section (`ContributionsPublished` names only ids), and whether it was
 * counted as published already (a publication may name it again).
 */
@Entity('rm_counted_contribution')
export class CountedContributionRow {
  @PrimaryColumn('varchar', { length: 64 }) id: string;
  @Column('varchar', { length: 64 }) consultationId: string;
  @Column('varchar', { length: 64 }) group: string;
  @Column('varchar', { length: 32 }) kind: string;
  @Column('varchar', { length: 128 }) section: string;
  @Column('boolean') published: boolean;
}
