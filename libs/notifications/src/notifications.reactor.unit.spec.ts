import type { StoredEvent } from '@consult/event-store';
import type { ProjectionContext, ReplayedState } from '@consult/projections';
import type { LaunchData } from '@consult/workflows';
import { notificationsReactor } from './notifications.reactor';

const launchOf = (n: number): LaunchData => ({
  consultationId: `c${n}`, workflow: 'council-approval', version: 2, title: { en: `Consultation ${n}` }, reference: `CL-${n}`,
  eligibleGroups: ['member-state'], timezone: 'Europe/Zurich', launchedAt: '2026-03-02T09:00:00Z',
} as LaunchData);

const event = (n: number, revision: number): StoredEvent => ({
  id: `e${n}-${revision}`, stream: `consultation-c${n}`, revision, position: n * 100 + revision, type: 'MeetingRescheduled',
  data: { meetingId: 'm1', startsAt: '2026-04-01T09:00:00+02:00', endsAt: '2026-04-01T12:00:00+02:00', reason: 'r', rescheduledAt: '2026-03-02T09:00:00Z' },
  metadata: { actor: { sub: 's', role: 'secretariat' }, correlationId: 'c', causationId: 'c', workflow: 'council-approval@2', recordedAt: '2026-03-02T09:00:00Z' },
  prevHash: '', hash: '',
} as unknown as StoredEvent);

describe('the notifications reactor', () => {
  it('replays a consultation once for its launch data, not for every later notice, and forgets the oldest past its capacity', async () => {
    const replayed: string[] = [];
    const context: ProjectionContext = {
      replay: async (e) => {
        replayed.push(e.stream);
        return { launch: launchOf(Number(e.stream.slice('consultation-c'.length))) } as unknown as ReplayedState;
      },
    };
    const written: string[] = [];
    const reactor = notificationsReactor({ write: async (_m, inputs) => void written.push(...inputs.map((i) => i.consultation.title.en!)) }, 2);
    const manager = {} as Parameters<typeof reactor.evolve>[0];
    await reactor.evolve(manager, [event(1, 1), event(1, 2)], context);
    await reactor.evolve(manager, [event(1, 3), event(2, 1)], context);
    expect(replayed).toEqual(['consultation-c1', 'consultation-c2']);
    // A third consultation pushes the first out (capacity 2): its next notice is replayed again.
    await reactor.evolve(manager, [event(3, 1), event(1, 4)], context);
    expect(replayed).toEqual(['consultation-c1', 'consultation-c2', 'consultation-c3', 'consultation-c1']);
    expect(written).toContain('Consultation 1');
    expect(written).toContain('Consultation 3');
  });
});
