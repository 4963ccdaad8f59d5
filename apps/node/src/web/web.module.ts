import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { registerWebApp } from './static-assets';
import { WebController } from './web.controller';

/**
 * The practitioners' web app and the LA IT console: static HTML, CSS and ES modules served at `/`, calling
 * the node's own JSON API, so every rule (roles, reasons, audit, validation) stays in the API.
 */
@Module({ controllers: [WebController] })
export class WebModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async onModuleInit(): Promise<void> {
    // An application context without HTTP (the node's one-off commands) has no server to serve from.
    const adapter = this.adapterHost.httpAdapter as { getInstance?: () => FastifyInstance } | undefined;
    const fastify = adapter?.getInstance?.();
    if (fastify) await registerWebApp(fastify);
  }
}
