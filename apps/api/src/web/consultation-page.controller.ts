import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Clock } from '@consult/clock';
import { ConsultationNotFound } from '@consult/consultation';
import { DashboardReads, REGIONS, consultationPage, parseConsultationInput } from '@consult/web';
import { PageResponder } from './page-responder';

/** `GET /consultations/:id`: one consultation's story; `…/regions/:region`: one part of it, for live refresh. */
@ApiExcludeController()
@Controller('consultations')
export class ConsultationPageController {
  constructor(
    @Inject(DashboardReads) private readonly reads: DashboardReads,
    @Inject(PageResponder) private readonly pages: PageResponder,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Get(':id')
  async page(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.render(id, request, reply, 'consultation');
  }

  @Get(':id/regions/:region')
  async region(
    @Param('id') id: string, @Param('region') region: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    // An unknown region is an unknown resource, as an unknown consultation is.
    if (!(REGIONS as readonly string[]).includes(region)) return this.pages.fail(request, reply, new ConsultationNotFound(id));
    return this.render(id, request, reply, `fragments/${region}`);
  }

  private async render(id: string, request: FastifyRequest, reply: FastifyReply, template: string): Promise<FastifyReply> {
    try {
      const input = parseConsultationInput(request.query as Record<string, unknown>);
      const data = await this.reads.consultation(id, input);
      const model = consultationPage(data, input, this.pages.language(request), this.clock.now(), request.headers.host ?? 'localhost');
      return this.pages.send(request, reply, template, model);
    } catch (error) {
      return this.pages.fail(request, reply, error);
    }
  }
}
