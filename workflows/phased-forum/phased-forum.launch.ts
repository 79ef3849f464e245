// class-transformer's @Type reads design-time metadata; the polyfill must load before it runs.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CONTRIBUTION_KINDS, type ContributionKind, type LaunchData } from '../workflow-definition';
import { MEETING_FORMATS, type MeetingFormat } from '../shared/common.commands';
import { IsInstant, IsLocalizedText, IsNotBefore, LIMITS } from '../shared/validation';

export const PHASE_KINDS = ['launch', 'meeting', 'deadline', 'brief'] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

/**
 * One configured phase. `opens` lists the contribution kinds taken *during* the phase;
 * a kind opened by consecutive phases stays open until the last of them ends.
 */
export interface PhaseConfig {
  key: string;
  title: Record<string, string>;
  kind: PhaseKind;
  startsAt: string;
  endsAt: string;
  format?: MeetingFormat;
  location?: string;
  opens: ContributionKind[];
}

/** The launch data of a phased forum: the common part plus its phases, in order. */
export interface PhasedForumLaunch extends LaunchData { phases: PhaseConfig[] }

export class PhaseDto implements PhaseConfig {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  key: string;

  @IsLocalizedText()
  title: Record<string, string>;

  @IsIn(PHASE_KINDS)
  kind: PhaseKind;

  @IsInstant()
  startsAt: string;

  @IsInstant()
  @IsNotBefore('startsAt')
  endsAt: string;

  @IsOptional()
  @IsIn(MEETING_FORMATS)
  format?: MeetingFormat;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.location)
  location?: string;

  @IsArray()
  @ArrayMaxSize(LIMITS.list)
  @IsIn(CONTRIBUTION_KINDS, { each: true })
  opens: ContributionKind[];
}

/** The workflow-specific launch fields (`launchPayload`): only `phases`. */
export class PhasedForumLaunchPayload {
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(LIMITS.list)
  @ArrayUnique((phase: PhaseDto) => phase?.key, { message: 'phase keys must be unique' })
  // ValidateNested alone lets an array element that is itself an array through.
  @IsObject({ each: true, message: 'each element must be an object' })
  @ValidateNested({ each: true })
  @Type(() => PhaseDto)
  phases: PhaseDto[];
}
