import type { ConsultationCache } from '@consult/consultation';
import type {
  ConsultationExtras, ConsultationExtrasQuery, ConsultationSummaryRow, ContributionCountsQuery, ListConsultationsQuery,
  ListContributionsQuery, Page, TimelineQuery,
} from '@consult/projections';
import type { ConsultationData } from './consultation.view-model';
import type { ConsultationInput, ListInput } from './page-input';

/** The read side the pages use: the list and per-consultation queries, and the write side's replay for a view. */
export interface DashboardSources {
  list: ListConsultationsQuery;
  extras: ConsultationExtrasQuery;
  timeline: TimelineQuery;
  counts: ContributionCountsQuery;
  contributions: ListContributionsQuery;
  consultations: ConsultationCache;
}

/** Gathers what each page shows, a bounded number of queries per page (never one per row). */
export class DashboardReads {
  constructor(private readonly sources: DashboardSources) {}

  /** A page of consultations with their next deadlines and published totals. */
  async list(input: ListInput): Promise<{ page: Page<ConsultationSummaryRow>; extras: ConsultationExtras }> {
    const { value: page } = await this.sources.list.execute({
      state: input.state, workflow: input.workflow, q: input.q, limit: input.limit, offset: input.offset,
    });
    const extras = await this.sources.extras.execute(page.items.map((row) => row.id));
    return { page, extras };
  }

  /** One consultation: throws the store's or read models' not-found error for an unknown id. */
  async consultation(id: string, input: ConsultationInput): Promise<ConsultationData> {
    // The view is replayed from the events, as `GET /api/consultations/:id` does; the rest comes from read models.
    const loaded = await this.sources.consultations.load(id);
    const [timeline, counts, contributions, extras] = await Promise.all([
      this.sources.timeline.execute(id, { limit: 1000 }),
      this.sources.counts.execute(id),
      this.sources.contributions.execute(id, { limit: input.limit, offset: input.offset, unpublished: false }),
      this.sources.extras.execute([id]),
    ]);
    return {
      id, launch: loaded.launch, view: loaded.definition.view(loaded.snapshot),
      timeline: timeline.value.items, counts: counts.value, contributions: contributions.value,
      deadlines: extras.deadlines.get(id) ?? [],
    };
  }
}
