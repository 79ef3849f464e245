/*
 * Why contributions have a stream of their own (issue 4): 100,000 contributions to one
 * consultation, then what a command and a fresh replay of the consultation cost.
 *   node -r ./tools/register.js test/bench/contributions-scale.ts [count]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Caller } from '@consult/auth';
import { ManualClock } from '@consult/clock';
import { ConsultationCache, ConsultationsService, ContributionsService, RequestContext } from '@consult/consultation';
import { ListContributionsQuery, Projector, openReadModels } from '@consult/projections';
import { SqliteEventStore } from '../../libs/event-store/src/adapters/sqlite.event-store';

const ctx = (caller: Caller): RequestContext => ({ caller, correlationId: 'c', causationId: 'c' });
const secretariat: Caller = { kind: 'token', sub: 'sec', role: 'secretariat' };
const ms = (start: number) => (performance.now() - start).toFixed(1);

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'consult-scale-'));
  const store = await SqliteEventStore.open({ path: join(dir, 'consult.db') });
  const db = await openReadModels({ sqlitePath: join(dir, 'consult.db') });
  try {
    const clock = new ManualClock(new Date('2020-04-10T09:00:00Z'));
    const cache = new ConsultationCache(store);
    const projector = new Projector(store, db, async (event) => {
      const loaded = await cache.replayTo(event);
      return { view: loaded.definition.summary(loaded.snapshot), launch: loaded.launch, definition: loaded.definition, snapshot: loaded.snapshot };
    });
    const consultations = new ConsultationsService(store, clock, cache);
    const contributions = new ContributionsService(store, clock, cache);
    const { id } = await consultations.launch({ workflow: 'council-approval', title: { en: 'Scale' }, eligibleGroups: ['member-state'], timezone: 'UTC' }, ctx(secretariat));
    await consultations.execute(id, { type: 'publishDraft', payload: { documentRef: 'D', version: '1', sections: [{ number: '1', title: 'Intro' }] } }, ctx(secretariat));
    await consultations.execute(id, { type: 'openConsultation', payload: { closesAt: '2030-01-01T00:00:00Z' } }, ctx(secretariat));
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: 64 }, async () => {
      while (next < count) {
        const n = next++;
        const caller: Caller = { kind: 'token', sub: `p${n % 500}`, role: 'participant', group: 'member-state', org: `M${n % 193}` };
        await contributions.submit(id, { kind: 'comment', section: '1', language: 'en', text: `Comment ${n} on the introduction.` }, ctx(caller));
      }
    }));
    console.log(`${count} contributions submitted in ${ms(started)} ms (${Math.round(count / ((performance.now() - started) / 1000))}/s)`);
    const fresh = new ConsultationCache(store);
    let t = performance.now();
    const loaded = await fresh.load(id);
    console.log(`fresh replay of the consultation: ${loaded.revision + 1} events in ${ms(t)} ms`);
    t = performance.now();
    await consultations.execute(id, { type: 'scheduleMeeting', payload: { meetingId: 'm', startsAt: '2020-05-01T10:00:00Z', endsAt: '2020-05-01T11:00:00Z', format: 'virtual' } }, ctx(secretariat));
    console.log(`a command on the consultation: ${ms(t)} ms`);
    t = performance.now();
    await projector.start();
    await projector.catchUp();
    console.log(`read models caught up with ${count} contributions in ${ms(t)} ms`);
    t = performance.now();
    const { value: page } = await new ListContributionsQuery(db, projector).execute(id, { unpublished: true, limit: 100, offset: count - 100 });
    console.log(`last page of the contributions list (total ${page.total}): ${ms(t)} ms`);
    projector.stop();
  } finally {
    await db.destroy();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
