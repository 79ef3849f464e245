import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { CommandSpec } from '../../workflow-definition';
import { compact } from '../../shared/common.commands';
import { InvalidCommand } from '../../shared/errors';
import { isNotAfter } from '../../shared/time';
import { IsInstant, IsNotBefore, LIMITS } from '../../shared/validation';
import { currentSubmission, type CouncilApprovalContext } from '../council-approval.context';
import { COUNCIL_OUTCOMES, DECISION_MODES, type CouncilOutcome, type DecisionMode } from '../council-approval.events';

/** `submitToCouncil`: the final draft goes before a Council session (e.g. `C20`, `C22`). */
export class SubmitToCouncilPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.label)
  session: string;

  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(LIMITS.list)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(LIMITS.label, { each: true })
  documentRefs: string[];

  @IsInstant()
  considerationStartsAt: string;

  @IsInstant()
  @IsNotBefore('considerationStartsAt')
  considerationEndsAt: string;
}

/**
 * `postponeCouncilConsideration`: another session or other dates. `documentRefs` is an
 * optional addition to the public contract: a later session reissues the documents
 * under its own numbers (C20 → VCC-2021 with C21/36 and C21/71).
 */
export class PostponeCouncilConsiderationPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.label)
  session: string;

  @IsInstant()
  considerationStartsAt: string;

  @IsInstant()
  @IsNotBefore('considerationStartsAt')
  considerationEndsAt: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.reason)
  reason: string;

  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(LIMITS.list)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(LIMITS.label, { each: true })
  documentRefs?: string[];
}

/** `recordCouncilDecision`: what the session decided, in session or by correspondence. */
export class RecordCouncilDecisionPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.label)
  session: string;

  @IsIn(COUNCIL_OUTCOMES)
  outcome: CouncilOutcome;

  @IsIn(DECISION_MODES)
  mode: DecisionMode;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.label)
  reference?: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.note)
  note?: string;

  /** When the decision took effect, where that is not when it is recorded (a decision by correspondence). */
  @IsOptional()
  @IsInstant()
  decidedAt?: string;
}

function assertWindow(startsAt: string, endsAt: string) {
  if (!isNotAfter(startsAt, endsAt)) {
    throw new InvalidCommand(`considerationEndsAt ${endsAt} is before considerationStartsAt ${startsAt}`);
  }
}

export const submitToCouncil: CommandSpec<SubmitToCouncilPayload> = {
  payload: SubmitToCouncilPayload,
  roles: ['secretariat'],
  decide: (p, _snapshot, ctx) => {
    assertWindow(p.considerationStartsAt, p.considerationEndsAt);
    return [{
      type: 'DraftSubmittedToCouncil',
      data: {
        session: p.session, documentRefs: [...p.documentRefs], considerationStartsAt: p.considerationStartsAt,
        considerationEndsAt: p.considerationEndsAt, submittedAt: ctx.now,
      },
    }];
  },
};

export const postponeCouncilConsideration: CommandSpec<PostponeCouncilConsiderationPayload> = {
  payload: PostponeCouncilConsiderationPayload,
  roles: ['secretariat'],
  decide: (p, snapshot, ctx) => {
    assertWindow(p.considerationStartsAt, p.considerationEndsAt);
    return [{
      type: 'CouncilConsiderationPostponed',
      data: compact({
        fromSession: currentSubmission(snapshot.context as CouncilApprovalContext)?.session ?? null,
        session: p.session, considerationStartsAt: p.considerationStartsAt, considerationEndsAt: p.considerationEndsAt,
        documentRefs: p.documentRefs && [...p.documentRefs], reason: p.reason, postponedAt: ctx.now,
      }),
    }];
  },
};

export const recordCouncilDecision: CommandSpec<RecordCouncilDecisionPayload> = {
  payload: RecordCouncilDecisionPayload,
  roles: ['secretariat'],
  decide: (p, _snapshot, ctx) => {
    if (p.decidedAt !== undefined && !isNotAfter(p.decidedAt, ctx.now)) throw new InvalidCommand(`decidedAt ${p.decidedAt} is after now (${ctx.now})`);
    return [{
      type: 'CouncilDecisionRecorded',
      data: compact({
        session: p.session, outcome: p.outcome, mode: p.mode, reference: p.reference, note: p.note, decidedAt: p.decidedAt, recordedAt: ctx.now,
      }),
    }];
  },
};
