import type { FastifyReply } from 'fastify';
import type { Read } from '@consult/projections';

/** Set on a read answered from read models that could not catch up within the bounded wait. */
export const STALE_HEADER = 'X-Read-Model-Stale';

/** The query's value; when the read models lagged behind the store, the header says how far: `<checkpoint>/<head>`. */
export function answer<T>(reply: FastifyReply, read: Read<T>): T {
  if (!read.freshness.fresh) reply.header(STALE_HEADER, `${read.freshness.checkpoint}/${read.freshness.head}`);
  return read.value;
}
