import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@consult/clock';
import { BackgroundModule } from '@consult/background';
import { ConsultationModule, ReadModelProjector } from '@consult/consultation';
import { ListConsultationsQuery, ListContributionsQuery, TimelineQuery, UpcomingDeadlinesQuery } from '@consult/projections';
import { AuditController, AuditReportAssetsController } from './audit.controller';
import { CalendarController } from './calendar.controller';
import { ClockController } from './clock.controller';
import { ConsultationsController } from './consultations.controller';
import { ContributionsController } from './contributions.controller';
import { DeadlinesController } from './deadlines.controller';
import { RequestContextFactory } from './request-context';

/** The consultation HTTP API of DESIGN.md: one controller a resource, reads through query handlers. */
@Module({
  imports: [ConsultationModule, BackgroundModule],
  controllers: [ConsultationsController, ContributionsController, AuditController, AuditReportAssetsController, DeadlinesController, ClockController, CalendarController],
  providers: [
    RequestContextFactory,
    {
      provide: ListConsultationsQuery,
      useFactory: (db: DataSource, projector: ReadModelProjector) => new ListConsultationsQuery(db, projector),
      inject: [DataSource, ReadModelProjector],
    },
    {
      provide: ListContributionsQuery,
      useFactory: (db: DataSource, projector: ReadModelProjector) => new ListContributionsQuery(db, projector),
      inject: [DataSource, ReadModelProjector],
    },
    {
      provide: TimelineQuery,
      useFactory: (db: DataSource, projector: ReadModelProjector) => new TimelineQuery(db, projector),
      inject: [DataSource, ReadModelProjector],
    },
    {
      provide: UpcomingDeadlinesQuery,
      useFactory: (db: DataSource, projector: ReadModelProjector, clock: Clock) => new UpcomingDeadlinesQuery(db, projector, () => clock.now()),
      inject: [DataSource, ReadModelProjector, Clock],
    },
  ],
})
export class ConsultationsApiModule {}
