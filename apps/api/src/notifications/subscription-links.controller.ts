import { Controller, Get, Header, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SubscriptionLinksService } from '@consult/notifications';

/**
 * The confirm and unsubscribe links of e-mails: opened in a browser or posted by a mail client
 * (RFC 8058), with the link's signed token instead of a bearer token. Each answers a small page.
 */
@ApiTags('notifications')
@Controller('api/subscriptions')
export class SubscriptionLinksController {
  constructor(@Inject(SubscriptionLinksService) private readonly links: SubscriptionLinksService) {}

  @Get(':id/confirm')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'Confirm an e-mail subscription (the link of its confirmation message); a page in its language' })
  @ApiQuery({ name: 'token', required: true, type: String })
  async confirm(@Param('id') id: string, @Query('token') token: unknown): Promise<string> {
    return this.links.confirm(id, token);
  }

  @Get(':id/unsubscribe')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The unsubscribe page: its button posts the unsubscribe (fetching the link changes nothing)' })
  @ApiQuery({ name: 'token', required: true, type: String })
  async unsubscribePage(@Param('id') id: string, @Query('token') token: unknown): Promise<string> {
    return this.links.unsubscribePage(id, token);
  }

  @Post(':id/unsubscribe')
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'Unsubscribe by the link (RFC 8058 one-click: body List-Unsubscribe=One-Click, or none); its unsent deliveries are cancelled' })
  @ApiQuery({ name: 'token', required: true, type: String })
  async unsubscribe(@Param('id') id: string, @Query('token') token: unknown): Promise<string> {
    return this.links.unsubscribe(id, token);
  }
}
