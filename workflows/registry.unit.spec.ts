import {
  applyEvent, councilApprovalV1, councilApprovalV2, EventRefused, findWorkflow, LaunchData, launchSnapshot, persistSnapshot, phasedForumV1, replay,
  restoreSnapshot, stateName, UnknownWorkflow, workflows,
} from '@consult/workflows';
import { type AnyMachineSnapshot, assign, getInitialSnapshot, setup, transition } from 'xstate';
import {
  consultationClosed, consultationOpened, draftPublished, finalDraftPublished, GCA_LAUNCH, launched, meetingScheduled, submittedC20,
} from './council-approval/council-approval.fixtures';
import { WSIS_2019 } from './phased-forum/phased-forum.fixtures';

describe('workflow registry', () => {
  it('lists every released version: council-approval 1 and 2, phased-forum 1', () => {
    expect(workflows.map((w) => `${w.name}@${w.version}`)).toEqual(['council-approval@1', 'council-approval@2', 'phased-forum@1']);
  });

  it('finds a workflow by name (latest) and by name and version', () => {
    expect(findWorkflow('council-approval')).toBe(councilApprovalV2);
    expect(findWorkflow('council-approval', 1)).toBe(councilApprovalV1);
    expect(findWorkflow('phased-forum', 1)).toBe(phasedForumV1);
  });

  it('throws UnknownWorkflow for an unknown name or version', () => {
    expect(() => findWorkflow('referendum')).toThrow(UnknownWorkflow);
    expect(() => findWorkflow('council-approval', 9)).toThrow(UnknownWorkflow);
  });

  it('gives every workflow a command spec with a DTO and roles for each command', () => {
    for (const w of workflows) {
      for (const spec of Object.values(w.commands)) {
        expect(typeof spec.payload).toBe('function');
        expect(spec.roles.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('replay', () => {
  it('starts from the launch input', () => {
    expect(stateName(launchSnapshot(councilApprovalV1, GCA_LAUNCH))).toBe('preparing');
  });

  const shape = (s: AnyMachineSnapshot) => ({
    status: s.status, value: s.value, context: s.context, children: s.children, historyValue: s.historyValue,
    output: s.output, error: s.error, tags: [...s.tags], nodes: (s as unknown as { _nodes: { id: string }[] })._nodes.map((n) => n.id),
  });

  it.each([{ def: councilApprovalV1, input: GCA_LAUNCH }, { def: phasedForumV1, input: WSIS_2019 }])(
    'launches $def.name exactly as xstate\'s getInitialSnapshot does', ({ def, input }) => {
      expect(shape(launchSnapshot(def, input))).toStrictEqual(shape(getInitialSnapshot(def.machine, input)));
    },
  );

  it('launches a machine whose start does more than build the context as getInitialSnapshot does', () => {
    const machine = setup({ types: {} as { context: { title: Record<string, string>; entered: number }; input: LaunchData } }).createMachine({
      context: ({ input }) => ({ title: input.title, entered: 0 }),
      initial: 'ready',
      states: { ready: { entry: assign({ entered: ({ context }) => context.entered + 1 }) } },
    });
    const def = { ...councilApprovalV1, machine };
    expect(shape(launchSnapshot(def, GCA_LAUNCH))).toStrictEqual(shape(getInitialSnapshot(machine, GCA_LAUNCH)));
    expect(launchSnapshot(def, GCA_LAUNCH).context.entered).toBe(1);
  });

  it('replays events, skipping a leading ConsultationLaunched', () => {
    expect(stateName(replay(councilApprovalV1, GCA_LAUNCH, [launched, draftPublished, consultationOpened]))).toBe('consultationOpen');
    expect(stateName(replay(councilApprovalV1, GCA_LAUNCH, [draftPublished]))).toBe('draftPublished');
  });

  it('throws EventRefused naming the event and the state', () => {
    expect(() => replay(councilApprovalV1, GCA_LAUNCH, [launched, consultationOpened]))
      .toThrow(new EventRefused(1, 'ConsultationOpened', 'preparing'));
  });

  it('signals a refused event by returning the identical snapshot', () => {
    const snapshot = launchSnapshot(councilApprovalV1, GCA_LAUNCH);
    const step = applyEvent(councilApprovalV1, snapshot, consultationOpened);
    expect(step).toEqual({ snapshot, accepted: false });
    expect(step.snapshot).toBe(snapshot);
  });

  it('restores a persisted snapshot that replays on as before', () => {
    const snapshot = replay(councilApprovalV1, GCA_LAUNCH, [draftPublished]);
    const restored = restoreSnapshot(councilApprovalV1, JSON.parse(JSON.stringify(persistSnapshot(snapshot))));
    const fromRestored = applyEvent(councilApprovalV1, restored, consultationOpened).snapshot;
    const fromOriginal = applyEvent(councilApprovalV1, snapshot, consultationOpened).snapshot;
    expect(fromRestored.value).toBe('consultationOpen');
    expect(fromRestored.context).toEqual(fromOriginal.context);
  });
});

describe('applyEvent', () => {
  it('steps exactly as xstate\'s pure transition() does, accepted or refused', () => {
    const events = [draftPublished, meetingScheduled, consultationOpened, consultationOpened, consultationClosed, finalDraftPublished, submittedC20];
    let ours = launchSnapshot(councilApprovalV1, GCA_LAUNCH);
    let theirs = getInitialSnapshot(councilApprovalV1.machine, GCA_LAUNCH);
    expect({ value: ours.value, context: ours.context }).toEqual({ value: theirs.value, context: theirs.context });
    for (const event of events) {
      const step = applyEvent(councilApprovalV1, ours, event);
      const [next] = transition(councilApprovalV1.machine, theirs, councilApprovalV1.toMachineEvent(event) as never);
      expect(step.accepted).toBe(next !== theirs);
      expect({ value: step.snapshot.value, context: step.snapshot.context }).toEqual({ value: next.value, context: next.context });
      ours = step.snapshot;
      theirs = next;
    }
  });
});
