import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { CommandSpec } from '../../workflow-definition';
import { compact } from '../../shared/common.commands';
import { IsInstant, LIMITS } from '../../shared/validation';
import { currentRound, type CouncilApprovalContext } from '../council-approval.context';

/** `openConsultation`: starts the next round; the scheduler closes it at `closesAt`. */
export class OpenConsultationPayload {
  @IsInstant()
  closesAt: string;
}

/** `extendDeadline`: moves the open round's closing time later. */
export class ExtendDeadlinePayload {
  @IsInstant()
  closesAt: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.reason)
  reason: string;
}

/** `closeConsultation`: closes the round early (the scheduler does it at `closesAt`). */
export class CloseConsultationPayload {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.reason)
  reason?: string;
}

const contextOf = (snapshot: { context: unknown }) => snapshot.context as CouncilApprovalContext;

export const openConsultation: CommandSpec<OpenConsultationPayload> = {
  payload: OpenConsultationPayload,
  roles: ['secretariat'],
  decide: (p, snapshot, ctx) => [{
    type: 'ConsultationOpened',
    data: { round: contextOf(snapshot).rounds.length + 1, closesAt: p.closesAt, openedAt: ctx.now },
  }],
};

export const extendDeadline: CommandSpec<ExtendDeadlinePayload> = {
  payload: ExtendDeadlinePayload,
  roles: ['secretariat'],
  decide: (p, snapshot, ctx) => [{
    type: 'DeadlineExtended',
    data: {
      closesAt: p.closesAt, previousClosesAt: currentRound(contextOf(snapshot))?.closesAt ?? null,
      reason: p.reason, extendedAt: ctx.now,
    },
  }],
};

export const closeConsultation: CommandSpec<CloseConsultationPayload> = {
  payload: CloseConsultationPayload,
  roles: ['secretariat', 'system'],
  decide: (p, _snapshot, ctx) => [
    { type: 'ConsultationClosed', data: compact({ closedAt: ctx.now, automatic: false, reason: p.reason }) },
  ],
};
