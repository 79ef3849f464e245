import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@consult/clock';
import { ErrorPages } from '@consult/http';
import { ConsultationCache, ConsultationModule, ReadModelProjector } from '@consult/consultation';
import {
  ConsultationExtrasQuery, ContributionCountsQuery, ListConsultationsQuery, ListContributionsQuery, TimelineQuery,
} from '@consult/projections';
import { DashboardReads, PageRenderer } from '@consult/web';
import { ConsultationPageController } from './consultation-page.controller';
import { ConsultationsPageController } from './consultations-page.controller';
import { DashboardAssetsController } from './dashboard-assets.controller';
import { DashboardErrorPages } from './dashboard-error-pages';
import { PageResponder } from './page-responder';

/** The dashboard: server-rendered pages at `/` and `/consultations/:id`, and their assets. */
@Module({
  imports: [ConsultationModule],
  controllers: [ConsultationsPageController, ConsultationPageController, DashboardAssetsController],
  providers: [
    {
      provide: DashboardReads,
      useFactory: (db: DataSource, projector: ReadModelProjector, consultations: ConsultationCache, clock: Clock) => new DashboardReads({
        list: new ListConsultationsQuery(db, projector),
        extras: new ConsultationExtrasQuery(db, () => clock.now()),
        timeline: new TimelineQuery(db, projector),
        counts: new ContributionCountsQuery(db, projector),
        contributions: new ListContributionsQuery(db, projector),
        consultations,
      }),
      inject: [DataSource, ReadModelProjector, ConsultationCache, Clock],
    },
    {
      // Templates are read and compiled once, here, at start.
      provide: PageResponder,
      useFactory: (clock: Clock) => new PageResponder(new PageRenderer(), () => clock.now()),
      inject: [Clock],
    },
    { provide: ErrorPages, useFactory: (pages: PageResponder) => new DashboardErrorPages(pages), inject: [PageResponder] },
  ],
  exports: [ErrorPages],
})
export class WebApiModule {}
