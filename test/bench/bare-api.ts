/*
 * The HTTP ceiling: the same NestJS + Fastify platform as the api with one bare route
 * that parses the JSON body and answers, touching no store. Started by the bench.
 */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';

@Controller('bare')
class BareController {
  @Post(':id/commands')
  @HttpCode(200)
  command(@Param('id') id: string, @Body() body: { type?: string }) {
    return { id, version: 1, state: 'consultationOpen', events: [{ type: body?.type ?? 'unknown' }] };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger: false });
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3999), '127.0.0.1');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
