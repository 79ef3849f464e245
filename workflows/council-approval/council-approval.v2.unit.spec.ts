import { EventRefused, findWorkflow, replay, stateName } from '@consult/workflows';
import { givenWorkflow } from '../testing/given';
import { HISTORY, GCA_LAUNCH } from './council-approval.fixtures';
import { councilApprovalV2 } from './council-approval.v2';
import { councilApprovalV1 } from './council-approval.workflow';

/** Round 1 of the fixtures closes at 2020-04-30T23:59+02:00; the scheduler has not closed it yet. */
const LATE = '2020-05-02T09:00:00+02:00';
const IN_TIME = '2020-04-28T09:00:00+02:00';
const extension = { closesAt: '2020-05-15T23:59:00+02:00', reason: 'late submissions announced' };
const extended = (extendedAt: string) => ({
  type: 'DeadlineExtended',
  data: { ...extension, previousClosesAt: '2020-04-30T23:59:00+02:00', extendedAt },
});

describe('council-approval@2', () => {
  it('is what new launches get; version 1 stays registered for the consultations launched under it', () => {
    expect(findWorkflow('council-approval')).toBe(councilApprovalV2);
    expect(findWorkflow('council-approval', 1)).toBe(councilApprovalV1);
  });

  it('extends a round that is still open, as version 1 does', () => {
    for (const def of [councilApprovalV1, councilApprovalV2]) {
      givenWorkflow(def)(HISTORY.consultationOpen).when('extendDeadline', extension, IN_TIME).then([extended(IN_TIME)]);
    }
  });

  it('refuses to extend a closing time that has already passed; version 1 accepted it', () => {
    givenWorkflow(councilApprovalV1)(HISTORY.consultationOpen).when('extendDeadline', extension, LATE).then([extended(LATE)]);
    givenWorkflow(councilApprovalV2)(HISTORY.consultationOpen).when('extendDeadline', extension, LATE).thenRejects();
  });

  it('so a version 1 history with a late extension replays only through version 1', () => {
    const history = [...HISTORY.consultationOpen, extended(LATE)];
    expect(stateName(replay(councilApprovalV1, GCA_LAUNCH, history))).toBe('consultationOpen');
    expect(() => replay(councilApprovalV2, GCA_LAUNCH, history)).toThrow(new EventRefused(3, 'DeadlineExtended', 'consultationOpen'));
  });

  it('lists extendDeadline among the allowed commands only before the closing time', () => {
    const meetingAfterClose = {
      type: 'MeetingScheduled',
      data: { meetingId: 'm9', startsAt: '2020-06-01T10:00:00+02:00', endsAt: '2020-06-01T11:00:00+02:00', format: 'virtual', scheduledAt: LATE },
    };
    const open = replay(councilApprovalV2, GCA_LAUNCH, HISTORY.consultationOpen);
    const late = [...HISTORY.consultationOpen, meetingAfterClose];
    expect(councilApprovalV2.allowedCommands(open)).toContain('extendDeadline');
    expect(councilApprovalV2.allowedCommands(replay(councilApprovalV2, GCA_LAUNCH, late))).not.toContain('extendDeadline');
    expect(councilApprovalV1.allowedCommands(replay(councilApprovalV1, GCA_LAUNCH, late))).toContain('extendDeadline');
  });
});
