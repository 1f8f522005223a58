import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../schemas/errors/app-error.js';
import { errorCodes } from '../../schemas/errors/index.js';

export async function systemRoutes(app: FastifyInstance, { orm }: { orm: MikroORM }): Promise<void> {
  app.get('/health', {
    config: { public: true },
    schema: { tags: ['system'], summary: 'The process is alive', response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } },
  }, async () => ({ status: 'ok' }));

  app.get('/ready', {
    config: { public: true },
    schema: {
      tags: ['system'], summary: 'The database answers',
      response: { 200: { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' } } }, 503: { $ref: 'ErrorResponse#' } },
    },
  }, async (request) => {
    try {
      await orm.em.getConnection().execute('select 1', [], 'get');
    } catch (err) {
      request.log.warn({ err }, 'database not reachable');
      throw new AppError('CF_ERR_SERVICE_UNAVAILABLE');
    }
    return { status: 'ready', database: 'ok' };
  });

  app.get('/api/error-codes', {
    config: { public: true },
    schema: {
      tags: ['system'], summary: 'The error-code table (status, zh-CN and English messages)',
      response: {
        200: {
          type: 'object',
          additionalProperties: {
            type: 'object', required: ['status', 'zh', 'en'],
            properties: { status: { type: 'integer' }, zh: { type: 'string' }, en: { type: 'string' } },
          },
        },
      },
    },
  }, async () => errorCodes);
}
