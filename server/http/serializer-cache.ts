import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type Serialize = (data: unknown) => string;
type BuildSerializer = ReturnType<typeof SerializerSelector>;

/** Compiled response serializers by schema text, shared by every app of the process (the shared schemas never change). */
const compiled = new Map<string, Serialize>();

/**
 * Fastify's serializer factory with a cache: most response schemas repeat (every route answers
 * 400/401/403/404/409/422 with `ErrorResponse`), and each fast-json-stringify build re-checks every
 * shared schema, so compiling once per distinct schema instead of once per route and status takes
 * most of the seconds out of starting the app (and out of every test file that builds one).
 */
export function cachedSerializerFactory(): BuildSerializer {
  const select = SerializerSelector();
  return ((externalSchemas: unknown, serializerOpts: unknown) => {
    const build = (select as (e: unknown, o: unknown) => (ctx: { schema: unknown }) => Serialize)(externalSchemas, serializerOpts);
    return (ctx: { schema: unknown }) => {
      const key = JSON.stringify(ctx.schema);
      let serialize = compiled.get(key);
      if (!serialize) {
        serialize = build(ctx);
        compiled.set(key, serialize);
      }
      return serialize;
    };
  }) as unknown as BuildSerializer;
}
