import type { FastifyReply } from 'fastify';
import { type Read, staleHeader } from '@consult/projections';

/** Set on a read answered from read models that could not catch up within the bounded wait. */
export const STALE_HEADER = 'X-Read-Model-Stale';

/** The query's value; when the read models lagged behind the store, the header says how far: `<checkpoint>/<head>`. */
export function answer<T>(reply: FastifyReply, read: Read<T>): T {
  const stale = staleHeader(read.freshness);
  if (stale !== undefined) reply.header(STALE_HEADER, stale);
  return read.value;
}
