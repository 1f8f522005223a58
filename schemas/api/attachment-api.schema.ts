const uuid = { type: 'string', format: 'uuid' } as const;

export const AttachmentView = {
  $id: 'AttachmentView',
  type: 'object',
  required: ['id', 'filename', 'size', 'contentType', 'sha256'],
  properties: {
    id: uuid,
    filename: { type: 'string' },
    size: { type: 'integer', description: 'Bytes' },
    contentType: { type: 'string' },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    instanceId: { type: ['string', 'null'], description: 'The instance a comment linked it to; null while only its uploader holds it' },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;
