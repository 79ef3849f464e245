import { Client } from 'pg';
import { Observable, share } from 'rxjs';

/**
 * Wake-ups from LISTEN on `channel`: one dedicated connection shared by every
 * subscriber, opened with the first and closed when the last unsubscribes. A wake-up
 * carries no data (readers always read by position). When the connection drops it
 * emits once (commits may have gone unnotified), then reconnects after `retryMs`;
 * the readers' poll covers the time in between. It never errors.
 */
export function commitNotifications(connectionString: string, channel: string, retryMs = 1000): Observable<void> {
  return new Observable<void>((subscriber) => {
    let client: Client | undefined;
    let stopped = false;
    let retry: NodeJS.Timeout | undefined;

    const lost = (lostClient: Client): void => {
      if (client !== lostClient) return;
      client = undefined;
      lostClient.end().catch(() => undefined);
      if (stopped) return;
      subscriber.next();
      retry = setTimeout(connect, retryMs);
      retry.unref?.();
    };
    const connect = (): void => {
      const next = new Client({ connectionString, application_name: 'consult-event-store-listen', keepAlive: true });
      client = next;
      next.on('notification', () => subscriber.next());
      next.on('error', () => lost(next));
      next.on('end', () => lost(next));
      next.connect()
        .then(() => next.query(`LISTEN "${channel}"`))
        // Commits made while we were not listening were never notified: look once.
        .then(() => { if (!stopped) subscriber.next(); })
        .catch(() => lost(next));
    };

    connect();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = undefined;
      current?.end().catch(() => undefined);
    };
  }).pipe(share());
}
