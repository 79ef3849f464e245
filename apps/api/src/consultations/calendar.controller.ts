import { createHash } from 'node:crypto';
import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { calendarOf, renderCalendar } from '@consult/calendar';
import { AppConfig } from '@consult/config';
import { ConsultationsService } from '@consult/consultation';
import { TimelineQuery } from '@consult/projections';
import { answer } from './read-answer';

/** Every item of a timeline fits one page: a consultation has tens of items, not thousands. */
const ALL_ITEMS = 1000;

@ApiTags('consultations')
@Controller('api/consultations/:id')
export class CalendarController {
  constructor(
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(TimelineQuery) private readonly timeline: TimelineQuery,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Get('calendar.ics')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'iCalendar feed of the consultation\'s meetings and deadlines, in its time zone' })
  async calendar(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // The launch (title, zone) from the write side: an unknown id is a 404 here, before any read model is asked.
    const { launch } = await this.consultations.cache.load(id);
    const { items } = answer(reply, await this.timeline.execute(id, { limit: ALL_ITEMS }));
    const feed = calendarOf({ consultationId: id, title: launch.title, timezone: launch.timezone, publicUrl: this.config.publicUrl, items });
    const body = renderCalendar(feed);
    const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
    reply.header('ETag', etag).header('Cache-Control', 'no-cache');
    const stamps = feed.events.map((event) => Date.parse(event.stamp));
    if (stamps.length > 0) reply.header('Last-Modified', new Date(Math.max(...stamps)).toUTCString());
    // A client that has this very feed gets no body: the hash is of the whole text.
    if (request.headers['if-none-match'] === etag) {
      await reply.code(304).send();
      return;
    }
    await reply.code(200).header('Content-Type', 'text/calendar; charset=utf-8').send(body);
  }
}
