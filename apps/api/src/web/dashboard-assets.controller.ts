import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ASSETS_DIR } from '@consult/web';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

function asset(path: string, type: string): Asset {
  const body = readFileSync(path);
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

// Read once at start: the dashboard's own files and htmx with its SSE extension from node_modules (no CDN).
const ASSETS: Record<string, Asset> = {
  'dashboard.css': asset(join(ASSETS_DIR, 'dashboard.css'), 'text/css; charset=utf-8'),
  'dashboard.js': asset(join(ASSETS_DIR, 'dashboard.js'), 'text/javascript; charset=utf-8'),
  'favicon.svg': asset(join(ASSETS_DIR, 'favicon.svg'), 'image/svg+xml'),
  'vendor/htmx.min.js': asset(require.resolve('htmx.org/dist/htmx.min.js'), 'text/javascript; charset=utf-8'),
  'vendor/sse.js': asset(require.resolve('htmx-ext-sse/dist/sse.js'), 'text/javascript; charset=utf-8'),
};

/** The dashboard's stylesheet and scripts, revalidated by ETag. */
@ApiExcludeController()
@Controller('assets')
export class DashboardAssetsController {
  @Get('vendor/:name')
  vendor(@Param('name') name: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    return this.send(`vendor/${name}`, request, reply);
  }

  @Get(':name')
  own(@Param('name') name: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    return this.send(name, request, reply);
  }

  private send(name: string, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const found = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!found) return reply.status(404).header('content-type', 'text/plain; charset=utf-8').send('not found');
    reply.header('etag', found.etag).header('cache-control', 'no-cache');
    if (request.headers['if-none-match'] === found.etag) return reply.status(304).send();
    return reply.status(200).header('content-type', found.type).send(found.body);
  }
}
