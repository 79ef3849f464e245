import { In, type EntityManager } from 'typeorm';
import type { Projection } from '../projection';
import { ReadModelSql } from '../read-model.sql';
import { TimelineChangeRow, TimelineItemRow } from './timeline.entity';
import { consultationOf, evolveTimeline, isTimelineEvent } from './timeline.fold';
import { emptyTimeline, type TimelineFold } from './timeline.state';

/** Consultations whose items one SELECT loads: far below both dialects' parameter limits. */
const IDS_PER_SELECT = 500;

/** The timelines of `ids` as stored: the state a page's events fold on. */
async function loadTimelines(manager: EntityManager, ids: string[]): Promise<Map<string, TimelineFold>> {
  const timelines = new Map<string, TimelineFold>();
  for (let i = 0; i < ids.length; i += IDS_PER_SELECT) {
    const rows = await manager.getRepository(TimelineItemRow).findBy({ consultationId: In(ids.slice(i, i + IDS_PER_SELECT)) });
    for (const row of rows) {
      const timeline = timelines.get(row.consultationId) ?? emptyTimeline(row.consultationId);
      timeline.items.set(row.key, row);
      timelines.set(row.consultationId, timeline);
    }
  }
  return timelines;
}

/**
 * `rm_timeline_item` and `rm_timeline_change`: each consultation's milestones, meetings,
 * rounds, phases and Council considerations, planned and actual, with every change and its
 * reason. A page loads the timelines it touches, folds its events in memory, and writes
 * the items it changed and the changes it found in bulk.
 */
export const timelineProjection: Projection = {
  name: 'timeline',
  tables: [TimelineItemRow, TimelineChangeRow],
  handles: isTimelineEvent,
  async evolve(manager, events) {
    const timelines = await loadTimelines(manager, [...new Set(events.map(consultationOf))]);
    for (const event of events) timelines.set(consultationOf(event), evolveTimeline(timelines.get(consultationOf(event)) ?? null, event));
    const folded = [...timelines.values()];
    const items = folded.flatMap((t) => [...t.touched].map((key) => t.items.get(key)!));
    const sql = new ReadModelSql(manager);
    // A retried parked event is older than the stored row it would overwrite: the row is kept.
    await sql.upsert(TimelineItemRow, items, 'revision');
    await sql.upsert(TimelineChangeRow, folded.flatMap((t) => t.changes));
  },
};
