FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY schemas ./schemas
COPY rules ./rules
COPY server ./server
COPY tsconfig.json ./
EXPOSE 3000
USER node
CMD ["node", "--import", "tsx", "server/main.ts"]
