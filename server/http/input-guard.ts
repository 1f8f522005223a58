import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findJsonProblems, type JsonGuardKeyword } from '../../schemas/json-guard.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { errorCodes } from '../../schemas/errors/index.js';
import { pickLocale } from '../../schemas/ajv.js';

const codeOf = { text: 'CF_ERR_BAD_TEXT', depth: 'CF_ERR_TOO_DEEP' } as const satisfies Record<JsonGuardKeyword, keyof typeof errorCodes>;

/**
 * One check, before any route's schema, for every JSON body, querystring and path parameter: no
 * text Postgres cannot store (NUL, unpaired surrogates) and no nesting deeper than
 * `JSON_LIMITS.maxDepth`. Routes and services never see such input, so none of them can turn it into
 * a driver error (a 500). The answer is the standard error body: a code and the pointer of each value.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const parts = [['params', request.params], ['querystring', request.query], ['body', request.body]] as const;
    for (const [part, value] of parts) {
      const problems = findJsonProblems(value);
      if (!problems.length) continue;
      const locale = request.ctx?.locale ?? pickLocale(request.headers['accept-language']);
      const code = codeOf[problems[0].keyword];
      throw new AppError(code, {
        problems: problems.map((p) => {
          const def = errorCodes[codeOf[p.keyword]];
          return { in: part, pointer: p.pointer, keyword: p.keyword, message: locale === 'zh-CN' ? def.zh : def.en };
        }),
      });
    }
  });
}

