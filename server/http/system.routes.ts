import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../schemas/errors/app-error.js';
import { errorCodes } from '../../schemas/errors/index.js';

const homePage = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Channelflow</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.6;color:#1f2937}code{background:#f3f4f6;padding:.1rem .3rem;border-radius:.2rem}</style>
</head><body>
<h1>Channelflow 渠道流</h1>
<p>经销商渠道工作流与规则平台。服务已启动。<br>Workflow and rules for dealer networks. The server is running.</p>
<ul>
<li><a href="/studio/">工作室 / Studio</a> — 流程、规则、表单 / workflows, rules, forms</li>
<li><a href="/docs">API 文档 / API docs (OpenAPI)</a></li>
<li><a href="/ready">/ready</a> — 数据库就绪 / database reachable</li>
<li>登录 / Log in: <code>POST /api/auth/login</code> <code>{"tenant":"…","login":"…","password":"…"}</code></li>
</ul>
</body></html>`;

export async function systemRoutes(app: FastifyInstance, { orm }: { orm: MikroORM }): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(homePage));

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
