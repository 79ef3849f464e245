import type { CommandSpec } from '../../workflow-definition';
import { publishContributions, withdraw } from '../../shared/common.commands';
import { postponeCouncilConsideration, recordCouncilDecision, submitToCouncil } from './council.commands';
import { publishDraft, publishFinalDraft } from './draft.commands';
import { changeMeetingFormat, recordMeeting, rescheduleMeeting, scheduleMeeting } from './meeting.commands';
import { closeConsultation, extendDeadline, openConsultation } from './round.commands';

export * from './council.commands';
export * from './draft.commands';
export * from './meeting.commands';
export * from './round.commands';

/** Every command of council-approval, by its API name (DESIGN.md, "Commands and their payloads"). */
export const councilApprovalCommands: Record<string, CommandSpec> = {
  publishDraft, openConsultation, scheduleMeeting, rescheduleMeeting, changeMeetingFormat, recordMeeting,
  extendDeadline, closeConsultation, publishFinalDraft, submitToCouncil, postponeCouncilConsideration,
  recordCouncilDecision, publishContributions, withdraw,
};
