import { Caller } from '@consult/auth';
import { ManualClock } from '@consult/clock';
import { AuditService, CommandNotAllowed, ConsultationCache, ConsultationsService, RequestContext } from '@consult/consultation';
import { EventRefused, LaunchData, councilApprovalV1, councilApprovalV2, replay, workflows } from '@consult/workflows';
import { BACKENDS, TamperBackend } from './support/backends';
import { LAUNCH } from './support/story';

const secretariat: Caller = { kind: 'token', sub: 'sec', role: 'secretariat' };
const ctx: RequestContext = { caller: secretariat, correlationId: 'versions', causationId: 'versions' };
const DRAFT = { type: 'publishDraft', payload: { documentRef: 'D', version: '1' } };
const OPEN = { type: 'openConsultation', payload: { closesAt: '2020-05-01T00:00:00Z' } };
/** Sent on 2 May, after round 1 closed on paper (no scheduler runs here to close it). */
const LATE_EXTENSION = { type: 'extendDeadline', payload: { closesAt: '2020-05-15T00:00:00Z', reason: 'late submissions announced' } };

/**
 * council-approval@2 refuses a late deadline extension that @1 accepted. A consultation
 * launched while @1 was the latest keeps running, replaying and verifying under @1 once
 * @2 is installed; new launches get @2.
 */
describe.each(BACKENDS)('a workflow version added while consultations run, on %s', (_name, open) => {
  let backend: TamperBackend;
  let clock: ManualClock;
  let consultations: ConsultationsService;
  let audit: AuditService;

  beforeAll(async () => {
    backend = await open();
    audit = new AuditService(backend.store);
  });

  /** Each test runs its own story from 1 April (a manual clock never moves back). */
  beforeEach(() => {
    clock = new ManualClock(new Date('2020-04-01T09:00:00Z'));
    consultations = new ConsultationsService(backend.store, clock, new ConsultationCache(backend.store));
  });

  afterAll(() => backend?.cleanup());

  /** Launches as the engine did before version 2 was released: with version 1 the latest installed. */
  async function launchBeforeV2(): Promise<string> {
    const at = workflows.indexOf(councilApprovalV2);
    workflows.splice(at, 1);
    try {
      return (await consultations.launch(LAUNCH, ctx)).id;
    } finally {
      workflows.splice(at, 0, councilApprovalV2);
    }
  }

  async function runUntilLate(id: string) {
    await consultations.execute(id, DRAFT, ctx);
    await consultations.execute(id, OPEN, ctx);
    clock.set(new Date('2020-05-02T09:00:00Z'));
  }

  it('keeps a version 1 consultation on version 1: its commands, replay, state on a date and verification', async () => {
    const id = await launchBeforeV2();
    await runUntilLate(id);
    expect(await consultations.execute(id, LATE_EXTENSION, ctx)).toMatchObject({ version: 3, state: 'consultationOpen' });

    const events = await backend.store.readStream(`consultation-${id}`);
    expect(events.map((e) => e.metadata.workflow)).toEqual(Array(4).fill('council-approval@1'));
    expect(await audit.verify(id)).toEqual({ ok: true, events: 4, problems: [] });
    expect(await audit.stateAt(id, '2020-05-03T00:00:00Z')).toMatchObject({ exists: true, version: 3, state: 'consultationOpen' });
    expect((await new ConsultationCache(backend.store).load(id)).definition).toBe(councilApprovalV1);

    // The same history through version 2 would be refused: replay must pick the recorded version.
    const launch = events[0].data as unknown as LaunchData;
    expect(launch.version).toBe(1);
    expect(() => replay(councilApprovalV2, launch, events)).toThrow(new EventRefused(3, 'DeadlineExtended', 'consultationOpen'));
  });

  it('launches new consultations with version 2, which refuses the late extension', async () => {
    const { id } = await consultations.launch(LAUNCH, ctx);
    await runUntilLate(id);
    await expect(consultations.execute(id, LATE_EXTENSION, ctx)).rejects.toBeInstanceOf(CommandNotAllowed);

    const events = await backend.store.readStream(`consultation-${id}`);
    expect(events[0].data).toMatchObject({ workflow: 'council-approval', version: 2 });
    expect(events.map((e) => e.metadata.workflow)).toEqual(Array(3).fill('council-approval@2'));
    expect(await audit.verify(id)).toEqual({ ok: true, events: 3, problems: [] });
  });
});
