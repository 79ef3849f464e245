/*
 * The SQLite writer thread (see SqliteWriterThread): it owns the write connection and
 * commits the batches the main thread sends, one at a time, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteAppender, openSqliteDatabase } from './sqlite.appender';
import { WriterReply, WriterRequest, encodeError } from './sqlite.writer';

const port = parentPort!;
const db = openSqliteDatabase((workerData as { path: string }).path);
const appender = new SqliteAppender(db);

port.on('message', (request: WriterRequest) => {
  if ('close' in request) {
    db.close();
    process.exit(0);
  }
  let reply: WriterReply;
  try {
    const outcomes = appender.commitBatch(request.batch);
    reply = { seq: request.seq, outcomes: outcomes.map((o) => (o.ok ? o : { ok: false, error: encodeError(o.error) })) };
  } catch (error) {
    reply = { seq: request.seq, failed: encodeError(error) };
  }
  port.postMessage(reply);
});
