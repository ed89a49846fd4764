# syntax=docker/dockerfile:1
# Aerie: one image, every role. Embedded PGlite in /data by default; set DATABASE_URL for Postgres.

# ---- build: install everything, build every workspace, then keep production deps only ----
FROM node:20-slim AS build
WORKDIR /app
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false CI=true
COPY . .
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
RUN npx nx run-many -t build
# Keep what the runtime needs: root manifest + pruned node_modules, and per workspace its
# package.json, dist/ and own node_modules/ (workspace packages are symlinked from node_modules).
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && mkdir -p /out \
 && cp -a package.json node_modules /out/ \
 && for ws in $(node -p "require('./package.json').workspaces.join(' ')"); do \
      mkdir -p "/out/$ws" && cp -a "$ws/package.json" "/out/$ws/"; \
      for d in dist node_modules; do [ ! -e "$ws/$d" ] || cp -a "$ws/$d" "/out/$ws/"; done; \
    done

# ---- runtime ----
FROM node:20-slim
ENV NODE_ENV=production \
    PORT=2801 \
    AERIE_DATA_DIR=/data
WORKDIR /app
COPY --from=build /out /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 2801
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||2801)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "apps/api/dist/main.js"]
