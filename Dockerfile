# syntax=docker/dockerfile:1

# --- build: compile TypeScript, the WebAssembly kernel and the pages, build the native SQLite module, train the sample model ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# npm ci also builds the WebAssembly kernel (the prepare script): its source and build script come first.
COPY scripts/build-kernel.ts ./scripts/
COPY src/model/kernels ./src/model/kernels
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
COPY web ./web
COPY data ./data
RUN npm run build \
 && node dist/scripts/train.js --db data/model.db --no-tune \
 && npm prune --omit=dev \
 && cd node_modules/better-sqlite3 \
 && mv build/Release/better_sqlite3.node /tmp/ \
 && rm -rf build deps src binding.gyp \
 && mkdir -p build/Release && mv /tmp/better_sqlite3.node build/Release/

# --- runtime: compiled JS, production dependencies only (no tsx, TypeScript, AssemblyScript or SQLite
# sources: the native module is kept, its build is not) and the trained model, as a non-root user ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    MODEL_DB=/app/data/model.db
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/data ./data
USER node
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
