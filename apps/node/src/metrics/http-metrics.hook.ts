import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { NodeMetrics } from './node-metrics';

/**
 * Times every HTTP response (refused ones included: guards run before interceptors, so this is a Fastify
 * onResponse hook) by its route template, e.g. /api/v1/children/:id, never the raw URL or query string.
 * Requests that match no route are 'unmatched'. Does nothing in a command's context without HTTP.
 */
@Injectable()
export class HttpMetricsHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: NodeMetrics,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | undefined;
    if (!adapter) return;
    const fastify = adapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      this.metrics.observeHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
  }
}
