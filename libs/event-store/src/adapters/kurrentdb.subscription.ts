import { AllStreamResolvedEvent, excludeSystemEvents } from '@eventstore/db-client';
import { Observable } from 'rxjs';
import { StoredEvent } from '../event-store.port';
import { KurrentClient } from './kurrentdb.client';
import { isOwnEvent, toReadPosition, toStoredEvent } from './kurrentdb.mapping';

/**
 * Every own event after `after`, stored ones first, then live ones. KurrentDB's `$all`
 * subscription is itself a catch-up subscription: the server reads the log from the
 * checkpoint and switches to live delivery without gap or duplicate, and a start
 * position is exclusive. The `position <= last` check is belt and braces: nothing is
 * emitted twice or out of order even if a server replays the start event.
 * System events are filtered on the server (excludeSystemEvents); `$` streams and
 * reservation markers (not `$`-typed) are filtered here.
 */
export function subscribeAll(client: KurrentClient, after: number): Observable<StoredEvent> {
  return new Observable<StoredEvent>((subscriber) => {
    let last = after;
    let closed = false;
    const subscription = client.subscribeToAll({ fromPosition: toReadPosition(after), filter: excludeSystemEvents() });
    const stop = (): void => {
      if (closed) return;
      closed = true;
      void subscription.unsubscribe().catch(() => undefined);
    };
    subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      if (closed || !isOwnEvent(resolved.event)) return;
      try {
        const event = toStoredEvent(resolved.event!);
        if (event.position <= last) return;
        last = event.position;
        subscriber.next(event);
      } catch (error) {
        stop();
        subscriber.error(error);
      }
    });
    subscription.on('error', (error: Error) => {
      if (closed) return;
      stop();
      subscriber.error(error);
    });
    subscription.on('end', () => {
      if (closed) return;
      closed = true;
      subscriber.complete();
    });
    return stop;
  });
}
