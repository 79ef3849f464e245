import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Clock } from '@consult/clock';
import { DashboardReads, listPage, parseListInput } from '@consult/web';
import { PageResponder } from './page-responder';

/** `GET /`: the consultations, filtered and paged; `GET /fragments/consultations`: the list alone, for live refresh. */
@ApiExcludeController()
@Controller()
export class ConsultationsPageController {
  constructor(
    @Inject(DashboardReads) private readonly reads: DashboardReads,
    @Inject(PageResponder) private readonly pages: PageResponder,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Get()
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.render(request, reply, 'consultations');
  }

  @Get('fragments/consultations')
  async fragment(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.render(request, reply, 'fragments/consultations');
  }

  private async render(request: FastifyRequest, reply: FastifyReply, template: string): Promise<FastifyReply> {
    try {
      const input = parseListInput(request.query as Record<string, unknown>);
      const { page, extras } = await this.reads.list(input);
      return this.pages.send(request, reply, template, listPage(input, this.pages.language(request), page, extras, this.clock.now()));
    } catch (error) {
      return this.pages.fail(request, reply, error);
    }
  }
}
