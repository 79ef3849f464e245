import type { AnyMachineSnapshot } from 'xstate';
import type { ContributionCheck, ContributionKind, Deadline } from '../workflow-definition';
import { isBefore } from '../shared/time';
import { currentRound, type CouncilApprovalContext } from './council-approval.context';

/** The kinds a council-approval round takes; workshops and nominations belong to forums. */
export const COUNCIL_CONTRIBUTION_KINDS: readonly ContributionKind[] = ['comment', 'formal-contribution', 'proposal'];

const contextOf = (snapshot: AnyMachineSnapshot) => snapshot.context as CouncilApprovalContext;

/**
 * While a round is open, its closing time is the one deadline: the key carries the
 * round and the closing time, so an extension yields a new key that fires again.
 */
export function councilApprovalDeadlines(snapshot: AnyMachineSnapshot): Deadline[] {
  if (snapshot.status !== 'active' || snapshot.value !== 'consultationOpen') return [];
  const round = currentRound(contextOf(snapshot));
  return [{
    key: `consultation-closes:round-${round.number}:${round.closesAt}`,
    kind: 'consultation-closes',
    dueAt: round.closesAt,
    title: `Consultation round ${round.number} closes`,
    event: { type: 'ConsultationClosed', data: { closedAt: round.closesAt, automatic: true } },
  }];
}

/** Contributions are taken while a round is open and before its closing time. */
export function councilApprovalContributionCheck(
  snapshot: AnyMachineSnapshot, kind: ContributionKind, now: string,
): ContributionCheck {
  if (!COUNCIL_CONTRIBUTION_KINDS.includes(kind)) {
    return { open: false, reason: `This consultation accepts comments, formal contributions and proposals, not "${kind}".` };
  }
  const state = String(snapshot.value);
  if (state !== 'consultationOpen') {
    return {
      open: false,
      reason: `Contributions are accepted only while a consultation round is open; the consultation is in state "${state}".`,
    };
  }
  const round = currentRound(contextOf(snapshot));
  if (!isBefore(now, round.closesAt)) {
    return { open: false, reason: `Consultation round ${round.number} closed at ${round.closesAt}; contributions are no longer accepted.` };
  }
  return { open: true };
}
