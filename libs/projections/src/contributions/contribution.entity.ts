import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per contribution; `published` rows are what the public reads. */
@Entity('rm_contribution')
@Index(['consultationId', 'submittedAt'])
export class ContributionRow {
  @PrimaryColumn('varchar', { length: 64 }) id: string;
  @Column('varchar', { length: 64 }) consultationId: string;
  @Column('varchar', { length: 32 }) kind: string;
  @Column('varchar', { nullable: true }) section: string | null;
  @Column('text') text: string;
  @Column('varchar', { length: 16 }) language: string;
  @Column('varchar', { length: 8, nullable: true }) action: string | null;
  @Column('varchar', { nullable: true }) target: string | null;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('varchar') authorSub: string;
  @Column('varchar', { nullable: true }) authorName: string | null;
  @Column('varchar', { nullable: true }) authorGroup: string | null;
  @Column('varchar', { nullable: true }) authorOrg: string | null;
  @Column('varchar', { length: 40 }) submittedAt: string;
  @Column('boolean', { default: false }) published: boolean;
  @Column('varchar', { length: 40, nullable: true }) publishedAt: string | null;
}
