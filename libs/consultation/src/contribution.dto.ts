import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { CONTRIBUTION_KINDS, ContributionKind, LIMITS } from '@consult/workflows';

export const PROPOSAL_ACTIONS = ['MOD', 'SUP', 'ADD'] as const;

/** `POST /api/consultations/:id/contributions` body. */
export class SubmitContributionDto {
  @IsIn(CONTRIBUTION_KINDS)
  kind: ContributionKind;

  /** The draft section a comment is anchored to (required for comments). */
  @ValidateIf((dto: SubmitContributionDto) => dto.kind === 'comment' || dto.section !== undefined)
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.id)
  section?: string;

  @IsString() @IsNotEmpty() @MaxLength(LIMITS.text)
  text: string;

  @IsString() @MaxLength(35) @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, { message: 'language must be a language code such as en, ar, fr' })
  language: string;

  @ValidateIf((dto: SubmitContributionDto) => dto.kind === 'proposal' || dto.action !== undefined)
  @IsIn(PROPOSAL_ACTIONS)
  action?: (typeof PROPOSAL_ACTIONS)[number];

  /** What a proposal changes, e.g. `Resolution 14`. */
  @ValidateIf((dto: SubmitContributionDto) => dto.kind === 'proposal' || dto.target !== undefined)
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.label)
  target?: string;

  @ValidateIf((dto: SubmitContributionDto) => dto.kind === 'proposal' || dto.reason !== undefined)
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.note)
  reason?: string;
}
