import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { NewEvent } from '../event-store.port';

/**
 * A realistic event for tests: ~300 bytes of data, ~200 bytes of metadata, and a
 * time-ordered (v7) id, as the engine makes them.
 */
export function sampleEvent(type = 'ContributionSubmitted', data: Record<string, unknown> = {}): NewEvent {
  return {
    id: uuidv7(),
    type,
    data: {
      contributionId: randomUUID(),
      kind: 'comment',
      section: '3',
      language: 'en',
      text: 'The draft should state how Member States report progress on each pillar, and when.',
      ...data,
    },
    metadata: {
      actor: { sub: 'user-42', role: 'participant', group: 'member-state', org: 'BRA' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      workflow: 'council-approval@1',
      recordedAt: '2020-04-23T12:00:00.000Z',
    },
  };
}

export function sampleEvents(count: number, type?: string): NewEvent[] {
  return Array.from({ length: count }, (_, i) => sampleEvent(type, { index: i }));
}

export function newStream(prefix = 'consultation'): string {
  return `${prefix}-${randomUUID()}`;
}
