import { NotFoundError, OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pickLocale, toProblems, type Locale } from '../../schemas/ajv.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { errorCodes, isErrorCode, type ErrorCode } from '../../schemas/errors/index.js';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  requestId: string;
}

export function buildErrorBody(code: ErrorCode, locale: Locale, requestId: string, details?: Record<string, unknown>): ErrorBody {
  const def = errorCodes[code];
  return {
    statusCode: def.status,
    code,
    message: locale === 'zh-CN' ? def.zh : def.en,
    ...(details && Object.keys(details).length ? { details } : {}),
    requestId,
  };
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'CF_ERR_BAD_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'CF_ERR_BAD_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'CF_ERR_BAD_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'CF_ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'CF_ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'CF_ERR_UNSUPPORTED_MEDIA_TYPE',
};

/** Maps every error kind (ours, ajv's, Fastify's, the ORM's) to one status and one body. */
export function toErrorBody(error: unknown, request: FastifyRequest): ErrorBody {
  const locale = request.ctx?.locale ?? pickLocale(request.headers['accept-language']);
  const requestId = String(request.id);
  if (error instanceof AppError) return buildErrorBody(error.code, locale, requestId, error.details);

  const err = error as FastifyError & { validation?: unknown; validationContext?: string };
  if (Array.isArray(err.validation)) {
    const part = (err.validationContext ?? 'body') as 'body' | 'params' | 'querystring' | 'headers';
    const problems = toProblems(err.validation, locale).map((p) => ({ in: part, ...p }));
    return buildErrorBody('CF_ERR_VALIDATION', locale, requestId, { problems });
  }
  if (typeof err.code === 'string' && fastifyCodes[err.code]) return buildErrorBody(fastifyCodes[err.code], locale, requestId);
  if (err.statusCode === 429) return buildErrorBody('CF_ERR_RATE_LIMITED', locale, requestId);
  if (error instanceof UniqueConstraintViolationException) return buildErrorBody('CF_ERR_CONFLICT', locale, requestId);
  if (error instanceof OptimisticLockError) return buildErrorBody('CF_ERR_STALE_VERSION', locale, requestId);
  if (error instanceof NotFoundError) return buildErrorBody('CF_ERR_NOT_FOUND', locale, requestId);
  if (typeof err.code === 'string' && isErrorCode(err.code)) return buildErrorBody(err.code, locale, requestId);
  return buildErrorBody('CF_ERR_INTERNAL', locale, requestId);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply: FastifyReply) => {
    const body = toErrorBody(error, request);
    if (body.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.code }, 'request rejected');
    if (body.statusCode === 429 && error instanceof AppError && typeof error.details?.retryAfterSeconds === 'number') {
      reply.header('retry-after', String(error.details.retryAfterSeconds));
    }
    return reply.status(body.statusCode).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body = buildErrorBody('CF_ERR_ROUTE_NOT_FOUND', pickLocale(request.headers['accept-language']), String(request.id));
    return reply.status(404).send(body);
  });
}
