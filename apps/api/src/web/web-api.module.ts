import { Module } from '@nestjs/common';

/** The dashboard: server-rendered pages at `/` and `/consultations/:id`, and their assets. */
@Module({})
export class WebApiModule {}
