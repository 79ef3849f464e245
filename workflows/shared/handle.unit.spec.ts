import {
  CommandNotAllowed, CommandContext, UnknownCommand, applyEvents, commandSpec, councilApprovalV1, handle, replay, stateName,
} from '@consult/workflows';
import {
  GCA_LAUNCH, consultationClosed, consultationOpened, draftPublished, launched,
} from '../council-approval/council-approval.fixtures';

const ctx: CommandContext = {
  now: '2020-04-09T11:00:00+02:00', actor: { sub: 'sec', role: 'secretariat' }, consultationId: GCA_LAUNCH.consultationId,
};
const snapshotOf = (...events: (typeof launched)[]) => replay(councilApprovalV1, GCA_LAUNCH, [launched, ...events]);
const meeting = { meetingId: 'm1', startsAt: '2020-04-23T13:00:00+02:00', endsAt: '2020-04-23T14:30:00+02:00', format: 'virtual' };

describe('handle(definition, snapshot, command, context)', () => {
  it('returns the events the command means and the snapshot the machine reaches on them', () => {
    const before = snapshotOf(draftPublished, consultationOpened);
    const decision = handle(councilApprovalV1, before, { type: 'scheduleMeeting', payload: meeting }, ctx);
    expect(decision.events.map((e) => e.type)).toEqual(['MeetingScheduled']);
    expect(decision.snapshot.context).toEqual(applyEvents(councilApprovalV1, before, decision.events).context);
    expect(decision.snapshot).not.toBe(before);
  });

  it('refuses with CommandNotAllowed naming the state and the command when the machine does not accept an event', () => {
    const closed = snapshotOf(draftPublished, consultationOpened, consultationClosed);
    const refuse = () => handle(councilApprovalV1, closed, { type: 'openConsultation', payload: { closesAt: '2020-05-30T00:00:00Z' } }, ctx);
    expect(refuse).toThrow(CommandNotAllowed);
    expect(refuse).toThrow(`command openConsultation is not allowed in state ${stateName(closed)}`);
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'])(
    'treats %s, a member of Object.prototype, as an unknown command naming the field',
    (type) => {
      const refuse = () => handle(councilApprovalV1, snapshotOf(), { type, payload: {} }, ctx);
      expect(refuse).toThrow(UnknownCommand);
      try {
        refuse();
      } catch (error) {
        expect((error as UnknownCommand).details).toEqual([{ field: 'type', constraints: { invalid: expect.stringContaining('publishDraft') } }]);
      }
    },
  );

  it('finds command specs by own key only', () => {
    expect(commandSpec(councilApprovalV1, 'publishDraft')).toBe(councilApprovalV1.commands.publishDraft);
    expect(() => commandSpec(councilApprovalV1, 'toString')).toThrow(UnknownCommand);
  });
});

describe('applyEvents', () => {
  it('reports each refused event with its index and state, and passes over it', () => {
    const refusals: { index: number; state: string }[] = [];
    const after = applyEvents(councilApprovalV1, snapshotOf(), [consultationOpened, draftPublished], ({ index, state }) => refusals.push({ index, state }));
    expect(refusals).toEqual([{ index: 0, state: 'preparing' }]);
    expect(stateName(after)).toBe('draftPublished');
  });
});
