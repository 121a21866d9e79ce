# One image recipe for every service; docker-compose.yml passes SERVICE (a folder under services/,
# whose package is @lienthong/<SERVICE>). The sources run as they are: Node 24 strips TypeScript
# types itself, so there is no build step, only the install.
FROM node:24.21.0-slim AS install

# Pinned like package.json's packageManager, installed with npm (no corepack).
RUN npm install --global pnpm@10.34.9 && npm cache clean --force
WORKDIR /app
ENV CI=true

# Fetching needs only the lockfile: this layer is reused until the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch --prod

COPY . .
ARG SERVICE=saga-coordinator
# Only what this service needs at run time, from the store `pnpm fetch` filled.
RUN pnpm install --offline --frozen-lockfile --prod --filter "@lienthong/${SERVICE}..."

# The runtime image gets the installed tree without pnpm and its store.
FROM node:24.21.0-slim
WORKDIR /app
ARG SERVICE=saga-coordinator
ENV NODE_ENV=production SERVICE=${SERVICE}
COPY --from=install /app /app
# The files stay root's: the service only reads them.
USER node
EXPOSE 8080
# exec: node becomes PID 1 and receives `docker stop`'s SIGTERM for a graceful shutdown.
CMD ["sh", "-c", "exec node services/${SERVICE}/src/main.ts"]
