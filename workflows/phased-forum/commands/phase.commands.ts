import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { AnyMachineSnapshot } from 'xstate';
import type { CommandSpec } from '../../workflow-definition';
import { compact, MEETING_FORMATS, type MeetingFormat } from '../../shared/common.commands';
import { InvalidCommand } from '../../shared/errors';
import { isNotAfter } from '../../shared/time';
import { IsInstant, IsNotBefore, LIMITS } from '../../shared/validation';
import { currentPhase, findPhase, type PhasedForumContext } from '../phased-forum.context';

/**
 * `advancePhase`: ends the current phase now (starts the forum before its first phase).
 * The public payload is `{}`; the optional `reason` also gives class-validator metadata,
 * without which it refuses the empty class as an unknown value.
 */
export class AdvancePhasePayload {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.reason)
  reason?: string;
}

/** `reschedulePhase`: new dates for a phase that has not ended. */
export class ReschedulePhasePayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  phaseKey: string;

  @IsInstant()
  startsAt: string;

  @IsInstant()
  @IsNotBefore('startsAt')
  endsAt: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.reason)
  reason: string;
}

/** `changeMeetingFormat`: e.g. WSIS 2020 going fully virtual (CL-20/025). */
export class ChangePhaseFormatPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  phaseKey: string;

  @IsIn(MEETING_FORMATS)
  format: MeetingFormat;

  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.reason)
  reason: string;
}

/** `extendDeadline`: a later end for a phase that has not ended. */
export class ExtendPhasePayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  phaseKey: string;

  @IsInstant()
  endsAt: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.reason)
  reason: string;
}

const contextOf = (snapshot: AnyMachineSnapshot) => snapshot.context as PhasedForumContext;

export const advancePhase: CommandSpec<AdvancePhasePayload> = {
  payload: AdvancePhasePayload,
  roles: ['secretariat', 'system'],
  decide: (p, snapshot, ctx) => {
    const context = contextOf(snapshot);
    return [{
      type: 'PhaseAdvanced',
      data: compact({
        fromPhase: currentPhase(context)?.key ?? null, toPhase: context.phases[context.current + 1]?.key ?? null,
        advancedAt: ctx.now, automatic: false, reason: p.reason,
      }),
    }];
  },
};

export const reschedulePhase: CommandSpec<ReschedulePhasePayload> = {
  payload: ReschedulePhasePayload,
  roles: ['secretariat'],
  decide: (p, snapshot, ctx) => {
    if (!isNotAfter(p.startsAt, p.endsAt)) throw new InvalidCommand(`endsAt ${p.endsAt} is before startsAt ${p.startsAt}`);
    const phase = findPhase(contextOf(snapshot), p.phaseKey);
    return [{
      type: 'PhaseRescheduled',
      data: {
        phaseKey: p.phaseKey, startsAt: p.startsAt, endsAt: p.endsAt,
        previousStartsAt: phase?.startsAt ?? null, previousEndsAt: phase?.endsAt ?? null,
        reason: p.reason, rescheduledAt: ctx.now,
      },
    }];
  },
};

export const changeMeetingFormat: CommandSpec<ChangePhaseFormatPayload> = {
  payload: ChangePhaseFormatPayload,
  roles: ['secretariat'],
  decide: (p, snapshot, ctx) => [{
    type: 'MeetingFormatChanged',
    data: {
      phaseKey: p.phaseKey, format: p.format, previousFormat: findPhase(contextOf(snapshot), p.phaseKey)?.format ?? null,
      reason: p.reason, changedAt: ctx.now,
    },
  }],
};

export const extendDeadline: CommandSpec<ExtendPhasePayload> = {
  payload: ExtendPhasePayload,
  roles: ['secretariat'],
  decide: (p, snapshot, ctx) => [{
    type: 'DeadlineExtended',
    data: {
      phaseKey: p.phaseKey, endsAt: p.endsAt, previousEndsAt: findPhase(contextOf(snapshot), p.phaseKey)?.endsAt ?? null,
      reason: p.reason, extendedAt: ctx.now,
    },
  }],
};
