import type { StoredEvent } from '@consult/event-store';
import type { Projection, ProjectionContext } from '@consult/projections';
import type { LaunchData } from '@consult/workflows';
import { NOTIFYING_EVENT_TYPES, notificationsFor } from './content/notification-content';
import type { ConsultationRef, NotificationInput } from './notification.types';

/** The transaction a projection writes on (typeorm's EntityManager, named without importing typeorm here). */
type Transaction = Parameters<Projection['evolve']>[0];

/** Where the reactor's notifications go: the `NotificationWriter`. */
export interface NotificationSink {
  write(manager: Transaction, inputs: readonly NotificationInput[], createdAt: string): Promise<unknown>;
}

/** The reactor's name: its checkpoint row, and its parked events. */
export const NOTIFICATIONS_REACTOR = 'notifications';

/** The consultation as its notifications need it, from its launch data. */
export function consultationRefOf(launch: LaunchData): ConsultationRef {
  return { id: launch.consultationId, title: launch.title, reference: launch.reference ?? null, timezone: launch.timezone, eligibleGroups: launch.eligibleGroups };
}

/**
 * Turns consultation events into notifications. A `Projection` so the generic projector runs it
 * with its own checkpoint, in the transaction of that checkpoint; but it owns no rebuildable table:
 * it is run by its own projector, never by a rebuild, so notifications are never sent again.
 * Writing the same event twice creates nothing (the writer's ids derive from the event id).
 */
export function notificationsReactor(writer: NotificationSink, launchesKept = LAUNCHES_KEPT): Projection {
  const launches = new LaunchCache(launchesKept);
  return {
    name: NOTIFICATIONS_REACTOR,
    tables: [],
    // Only events that tell anyone anything: the others need no replay.
    handles: (event) => event.stream.startsWith('consultation-') && NOTIFYING_EVENT_TYPES.includes(event.type),
    async evolve(manager, events, context) {
      const byTime = new Map<string, NotificationInput[]>();
      for (const event of events) {
        const launch = await launches.of(event, context);
        const consultation = consultationRefOf(launch);
        const inputs = notificationsFor(event, consultation, launch).map((content) => ({
          content, consultation, sourceKey: event.id, position: event.position, occurredAt: event.metadata.recordedAt,
        }));
        if (inputs.length > 0) byTime.set(event.metadata.recordedAt, [...(byTime.get(event.metadata.recordedAt) ?? []), ...inputs]);
      }
      for (const [createdAt, inputs] of byTime) await writer.write(manager, inputs, createdAt);
    },
  };
}

/** Launch data kept (about 1 KB each): a consultation's notices after the first need no replay. */
const LAUNCHES_KEPT = 10_000;

/**
 * Each consultation's launch data, replayed at its first notice and kept: it never changes after
 * the launch. Replaying a later event read the stream since the replayer's cached revision on the
 * api's main thread, for data the reactor already had. The oldest entries go past `capacity`.
 */
class LaunchCache {
  private readonly kept = new Map<string, LaunchData>();

  constructor(private readonly capacity: number) {}

  async of(event: StoredEvent, context: ProjectionContext): Promise<LaunchData> {
    const known = this.kept.get(event.stream);
    if (known) return known;
    const { launch } = await context.replay(event);
    this.kept.set(event.stream, launch);
    if (this.kept.size > this.capacity) this.kept.delete(this.kept.keys().next().value!);
    return launch;
  }
}
