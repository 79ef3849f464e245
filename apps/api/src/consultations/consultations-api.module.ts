import { Module } from '@nestjs/common';
import { ConsultationModule } from '@consult/consultation';
import { ClockController } from './clock.controller';
import { ConsultationsController } from './consultations.controller';
import { ContributionsController } from './contributions.controller';
import { RequestContextFactory } from './request-context';

/** The consultation HTTP API of DESIGN.md. */
@Module({
  imports: [ConsultationModule],
  controllers: [ConsultationsController, ContributionsController, ClockController],
  providers: [RequestContextFactory],
})
export class ConsultationsApiModule {}
