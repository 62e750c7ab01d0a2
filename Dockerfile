# Tollgate: one image for the API server (`serve`, the default), the job workers (`worker`) and the
# operator CLI (`migrate`, `plans sync`, `users create-admin`, …):
#   docker build -t tollgate .
#   docker run --env-file .env -p 3000:3000 tollgate            # serve
#   docker run --env-file .env tollgate worker                  # workers
#   docker run --env-file .env tollgate migrate                 # before each rollout
# Node runs the TypeScript sources directly (type stripping): there is no server build step, only the
# web app's.

ARG NODE_IMAGE=node:24-slim

# ---- build: the web app (web/dist) ---------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/stripe-emulator/package.json packages/stripe-emulator/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund
COPY web web
RUN npm run build -w web

# ---- deps: production dependencies of the server and its workspace package (the emulator) -------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/stripe-emulator/package.json packages/stripe-emulator/
COPY web/package.json web/
# The web workspace's dependencies are bundled into web/dist: the server does not need them.
RUN npm ci --omit=dev --no-audit --no-fund --include-workspace-root --workspace=packages/stripe-emulator \
  && npm cache clean --force

# ---- runtime -------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY package.json package-lock.json ./
COPY bin bin
COPY src src
COPY drizzle drizzle
COPY packages/stripe-emulator/package.json packages/stripe-emulator/
COPY packages/stripe-emulator/bin packages/stripe-emulator/bin
COPY packages/stripe-emulator/src packages/stripe-emulator/src
COPY --from=build /app/web/dist web/dist
# The code stays root-owned and read-only to the process; only DATA_DIR (embedded mode) is writable.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# 200 when PostgreSQL, the queue and Stripe answer. `worker` has no HTTP port: compose turns this off
# for it (docker run … worker: add --no-healthcheck).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node is PID 1: `serve` and `worker` handle SIGTERM themselves, so `docker stop` stops them gracefully.
ENTRYPOINT ["node", "--experimental-strip-types", "bin/tollgate.js"]
CMD ["serve"]
