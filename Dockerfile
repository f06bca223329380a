# syntax=docker/dockerfile:1
# GreenLoop: one image, two roles. ROLE=api serves GraphQL on $PORT; ROLE=worker runs the Bull jobs (and answers
# /healthz and /readyz on $PORT too); ROLE=all, the default, does both in one container.
#   docker build -t greenloop .
#   docker run -e ROLE=api -e NODE_ENV=production -e MONGODB_URI=... -e ADMIN_API_KEY=... -e CONTACT_ENCRYPTION_KEY=... greenloop
# docker-compose.yml runs it beside MongoDB (a one-member replica set) and Redis.

# package.json asks for Node >= 20.19; every current node:20 image is 20.19 or newer.
ARG NODE_IMAGE=node:20-slim

# --- build: `npm run build` compiles TypeScript to dist/ (tsconfig.build.json) and the dashboard (web/) to dist/web ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# No install scripts, as on the development machines (npm 11 holds them back): the native packages in use ship
# prebuilt binaries (msgpackr-extract, esbuild, rolldown).
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: production dependencies and the compiled output only, run as the image's unprivileged `node` user ---
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Without SMTP_URL mail is written as .eml files under .data/outbox: the one place the service writes to disk.
RUN mkdir -p .data && chown node:node .data
USER node

# In a container the server must listen on every interface, not the loopback default of server/config.ts.
ENV ROLE=all HOST=0.0.0.0 PORT=4000
EXPOSE 4000

# Liveness only (/readyz also checks the store and Redis, which is for a load balancer to ask, not for restarts).
# The slim image has no curl; Node 20's fetch does the request.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || '4000') + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node itself is PID 1: app/lifecycle.ts handles SIGTERM (drain HTTP, finish running jobs, exit 0).
CMD ["node", "dist/app/main.js"]
