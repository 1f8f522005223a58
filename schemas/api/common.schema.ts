export const IdParams = {
  $id: 'IdParams',
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;

export const ErrorResponse = {
  $id: 'ErrorResponse',
  type: 'object',
  required: ['statusCode', 'code', 'message', 'requestId'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string' },
    message: { type: 'string' },
    requestId: { type: 'string' },
    details: {
      type: 'object',
      additionalProperties: true,
      properties: {
        problems: {
          type: 'array',
          items: {
            type: 'object',
            required: ['pointer', 'message'],
            properties: {
              in: { type: 'string', enum: ['body', 'params', 'querystring', 'headers'] },
              file: { type: 'string' },
              pointer: { type: 'string' },
              keyword: { type: 'string' },
              code: { type: 'string' },
              message: { type: 'string' },
              nodeId: { type: 'string', description: 'The workflow node the problem is about' },
              edgeId: { type: 'string', description: 'The workflow edge the problem is about' },
            },
          },
        },
      },
    },
  },
} as const;
