import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { LIMITS } from './validation';
import type { CommandSpec, DomainEvent } from '../workflow-definition';

export const MEETING_FORMATS = ['physical', 'virtual', 'hybrid'] as const;
export type MeetingFormat = (typeof MEETING_FORMATS)[number];

export interface ContributionsPublishedData { contributionIds: string[]; publishedAt: string }
export interface ConsultationWithdrawnData { reason: string; withdrawnAt: string }

/** `publishContributions`: make moderated contributions public. */
export class PublishContributionsPayload {
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(LIMITS.contributionIds)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(LIMITS.id, { each: true })
  contributionIds: string[];
}

/** `withdraw`: end the consultation for good. */
export class WithdrawPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.reason)
  reason: string;
}

/** Both workflows publish contributions the same way. */
export const publishContributions: CommandSpec<PublishContributionsPayload> = {
  payload: PublishContributionsPayload,
  roles: ['secretariat'],
  decide: (payload, _snapshot, ctx): DomainEvent[] => [
    { type: 'ContributionsPublished', data: { contributionIds: [...payload.contributionIds], publishedAt: ctx.now } },
  ],
};

/** Both workflows withdraw the same way; the machine refuses it once final. */
export const withdraw: CommandSpec<WithdrawPayload> = {
  payload: WithdrawPayload,
  roles: ['secretariat'],
  decide: (payload, _snapshot, ctx): DomainEvent[] => [
    { type: 'ConsultationWithdrawn', data: { reason: payload.reason, withdrawnAt: ctx.now } },
  ],
};

/** Stored events reach the machine as `{type, data}`: the data never collides with `type`. */
export const toMachineEvent = (event: DomainEvent) => ({ type: event.type, data: event.data });

/** Drops undefined optional fields so that stored data and expectations compare exactly. */
export function compact<T extends object>(data: T): T {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)) as T;
}
