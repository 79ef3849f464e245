import { notificationsFor, NOTIFYING_EVENT_TYPES } from './notification-content';
import { COUNCIL_EVENTS, FORUM_EVENTS, GCA, WSIS, WSIS_LAUNCH } from './notification-content.fixtures';

const typesOf = (event: Parameters<typeof notificationsFor>[0]) => notificationsFor(event, GCA, WSIS_LAUNCH).map((c) => c.type);

describe('notificationsFor: which notification each stored event makes', () => {
  it.each([
    ['ConsultationLaunched', COUNCIL_EVENTS.ConsultationLaunched, ['consultation.launched']],
    ['DraftPublished', COUNCIL_EVENTS.DraftPublished, ['draft.published']],
    ['FinalDraftPublished', COUNCIL_EVENTS.FinalDraftPublished, ['draft.published']],
    ['ConsultationOpened', COUNCIL_EVENTS.ConsultationOpened, ['consultation.opened']],
    ['DeadlineExtended (council)', COUNCIL_EVENTS.DeadlineExtended, ['deadline.changed']],
    ['DeadlineExtended (forum)', FORUM_EVENTS.DeadlineExtended, ['deadline.changed']],
    ['ConsultationClosed', COUNCIL_EVENTS.ConsultationClosed, ['consultation.closed']],
    ['MeetingScheduled', COUNCIL_EVENTS.MeetingScheduled, ['meeting.scheduled']],
    ['MeetingRescheduled', COUNCIL_EVENTS.MeetingRescheduled, ['meeting.rescheduled']],
    ['MeetingFormatChanged (council)', COUNCIL_EVENTS.MeetingFormatChanged, ['meeting.format-changed']],
    ['MeetingFormatChanged (forum)', FORUM_EVENTS.MeetingFormatChanged, ['meeting.format-changed']],
    ['PhaseAdvanced to a phase', FORUM_EVENTS.PhaseAdvanced, ['phase.started']],
    ['PhaseAdvanced to no phase (forum concluded)', FORUM_EVENTS.ForumConcluded, ['consultation.closed']],
    ['PhaseRescheduled (meeting phase)', FORUM_EVENTS.MeetingPhaseRescheduled, ['meeting.rescheduled']],
    ['PhaseRescheduled (deadline phase)', FORUM_EVENTS.DeadlinePhaseRescheduled, ['deadline.changed']],
    ['DraftSubmittedToCouncil', COUNCIL_EVENTS.DraftSubmittedToCouncil, ['council.submitted']],
    ['CouncilConsiderationPostponed', COUNCIL_EVENTS.CouncilConsiderationPostponed, ['council.postponed']],
    ['CouncilDecisionRecorded', COUNCIL_EVENTS.CouncilDecisionRecorded, ['council.decided']],
    ['ContributionsPublished', COUNCIL_EVENTS.ContributionsPublished, ['contributions.published']],
    ['ConsultationWithdrawn', COUNCIL_EVENTS.ConsultationWithdrawn, ['consultation.withdrawn']],
  ])('maps %s', (_name, event, expected) => {
    expect(typesOf(event)).toEqual(expected);
  });

  it.each(['ContributionSubmitted', 'MeetingRecorded', 'SomethingNew', 'toString', 'constructor'])('makes nothing of %s', (type) => {
    expect(notificationsFor({ type, data: { text: 'secret', contributionIds: ['c1'] } }, GCA)).toEqual([]);
  });

  it('lists exactly the event types it maps', () => {
    expect([...NOTIFYING_EVENT_TYPES].sort()).toEqual([
      ...Object.keys(COUNCIL_EVENTS), 'PhaseAdvanced', 'PhaseRescheduled',
    ].sort());
  });

  it('keeps params flat: strings, numbers, booleans and nulls only', () => {
    const all = [...Object.values(COUNCIL_EVENTS), ...Object.values(FORUM_EVENTS)].flatMap((e) => notificationsFor(e, GCA, WSIS_LAUNCH));
    const values = all.flatMap((content) => Object.values(content.params));
    expect(values.filter((v) => v !== null && !['string', 'number', 'boolean'].includes(typeof v))).toEqual([]);
  });
});

describe('notificationsFor: what the params say', () => {
  const only = (event: Parameters<typeof notificationsFor>[0], launch?: typeof WSIS_LAUNCH) => notificationsFor(event, GCA, launch)[0].params;

  it('addresses a launch, circular-letter style, to the eligible groups with its reference', () => {
    expect(only(COUNCIL_EVENTS.ConsultationLaunched)).toEqual({
      reference: 'CL-19/47', addressees: 'member-state,sector-member,associate,academia', launchedAt: '2019-10-15T09:00:00+02:00',
    });
  });

  it('flags the final draft and carries its document and version', () => {
    expect(only(COUNCIL_EVENTS.DraftPublished)).toMatchObject({ final: false, documentRef: 'GCA-Guidelines', version: '1' });
    expect(only(COUNCIL_EVENTS.FinalDraftPublished)).toMatchObject({ final: true, version: 'final' });
  });

  it('reports a round extension as old → new with its reason and no phase', () => {
    expect(only(COUNCIL_EVENTS.DeadlineExtended)).toMatchObject({
      phaseKey: null, previousAt: '2020-04-30T23:59:00+02:00', newAt: '2020-05-07T23:59:00+02:00', reason: 'COVID-19',
    });
  });

  it('names an extended phase by key and by its titles from the launch', () => {
    expect(only(FORUM_EVENTS.DeadlineExtended, WSIS_LAUNCH)).toMatchObject({
      phaseKey: 'deadline', 'phaseTitle.en': 'Deadline for formal contributions', 'phaseTitle.fr': 'Date limite des contributions',
      previousAt: '2019-02-10T23:59:59+01:00', newAt: '2019-02-17T23:59:59+01:00',
    });
  });

  it('names a phase by its key alone when the launch data is not given', () => {
    const params = only(FORUM_EVENTS.PhaseAdvanced);
    expect(params.phaseKey).toBe('second-physical-meeting');
    expect(Object.keys(params).filter((key) => key.startsWith('phaseTitle'))).toEqual([]);
  });

  it('reports a rescheduled meeting phase with its old and new start', () => {
    expect(only(FORUM_EVENTS.MeetingPhaseRescheduled, WSIS_LAUNCH)).toMatchObject({
      phaseKey: 'second-physical-meeting', previousStartsAt: '2019-02-05T10:00:00+01:00', startsAt: '2019-02-06T10:00:00+01:00', reason: 'Room',
    });
  });

  it('makes nothing of a deadline phase whose end did not move', () => {
    const startOnly = { ...FORUM_EVENTS.DeadlinePhaseRescheduled.data, startsAt: '2019-02-09T00:00:00+01:00', endsAt: '2019-02-10T22:59:59Z' };
    expect(notificationsFor({ type: 'PhaseRescheduled', data: startOnly }, WSIS, WSIS_LAUNCH)).toEqual([]);
  });

  it('reports a rescheduled phase as a changed deadline when the launch data is not given', () => {
    expect(notificationsFor(FORUM_EVENTS.MeetingPhaseRescheduled, WSIS).map((c) => c.type)).toEqual(['deadline.changed']);
  });

  it('closes a concluded forum at the time it advanced', () => {
    expect(only(FORUM_EVENTS.ForumConcluded)).toEqual({ closedAt: '2019-02-10T23:59:59+01:00', automatic: true, reason: null });
  });

  it('counts published contributions without naming them', () => {
    expect(only(COUNCIL_EVENTS.ContributionsPublished)).toEqual({ count: 3, publishedAt: '2020-05-10T09:00:00+02:00' });
  });

  it('carries the decision outcome and mode but not its internal note', () => {
    const params = only(COUNCIL_EVENTS.CouncilDecisionRecorded);
    expect(params).toMatchObject({ session: 'C21', outcome: 'further-consultation', mode: 'correspondence', reference: 'Decision 620' });
    expect(JSON.stringify(params)).not.toContain('internal deliberation');
  });

  it('carries the withdrawal reason', () => {
    expect(only(COUNCIL_EVENTS.ConsultationWithdrawn)).toMatchObject({ reason: 'Superseded' });
  });
});
