import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { IdParams } from '../../schemas/api/common.schema.js';
import type { NotificationListQuery } from '../../schemas/api/notification-api.schema.js';
import { requireUser } from '../http/request-context.js';
import { listNotifications, markAllRead, markRead } from './notification.service.js';

const tags = ['notifications'];
const errors = { 400: { $ref: 'ErrorResponse#' }, 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' }, 404: { $ref: 'ErrorResponse#' } };

/** My notifications (task assigned, reminders, escalations, CC, urges, results), newest first, with the unread count. */
export async function notificationRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: FromSchema<typeof NotificationListQuery> }>('/api/notifications', {
    schema: { tags, summary: 'My notifications / 我的消息', querystring: { $ref: 'NotificationListQuery#' }, response: { 200: { $ref: 'NotificationPage#' }, ...errors } },
  }, async (request) => listNotifications(requireUser(request.ctx), request.query));

  app.post<{ Params: FromSchema<typeof IdParams> }>('/api/notifications/:id/read', {
    schema: { tags, summary: 'Mark one read / 标记已读', params: { $ref: 'IdParams#' }, response: { 200: { $ref: 'NotificationView#' }, ...errors } },
  }, async (request) => markRead(requireUser(request.ctx), request.params.id, new Date()));

  app.post('/api/notifications/read-all', {
    schema: { tags, summary: 'Mark all read / 全部已读', response: { 200: { $ref: 'NotificationReadAll#' }, ...errors } },
  }, async (request) => markAllRead(requireUser(request.ctx), new Date()));
}
