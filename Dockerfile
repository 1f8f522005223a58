# Build the studio with the dev dependencies, then run the server with production ones only.
# Both stages install exactly the lockfile (npm ci).
FROM node:20-bookworm-slim AS studio
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY schemas ./schemas
COPY rules ./rules
COPY studio ./studio
COPY tsconfig.json ./
RUN npm run build:studio

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# The embedded PostgreSQL binaries (optional dependencies) come along; with DATABASE_URL set they are never started.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY schemas ./schemas
COPY rules ./rules
COPY server ./server
COPY tsconfig.json ./
COPY --from=studio /app/dist/studio ./dist/studio
EXPOSE 3000
USER node
CMD ["node", "--import", "tsx", "server/main.ts"]
