# Capdo in a container: compiled with `npm run build` on Node 20 (Debian bookworm), run as the unprivileged
# `node` user with NODE_ENV=production; the SQLite file and the uploaded reports live on the /data volume.
# docs/deploy.md says how to run it behind nginx, back it up and upgrade it.

# ---- build: dependencies (better-sqlite3 may compile), tsc → dist/, then only the runtime dependencies ----
FROM node:20-bookworm-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# ---- run: dist/ and what it reads at run time (views/, drizzle/ migrations, node_modules) ----
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATABASE_PATH=/data/capdo.db \
    UPLOAD_DIR=/data/uploads
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY views ./views
COPY drizzle ./drizzle
RUN mkdir -p /data/uploads /data/backups && chown -R node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# ready = the database answers, migrations are applied, the evaluation is built (GET /readyz answers 200)
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]
# node itself as PID 1 receives docker stop's SIGTERM: requests in flight finish, the database closes
STOPSIGNAL SIGTERM
CMD ["node", "dist/server.js"]
