# syntax=docker/dockerfile:1
# forewarn: one image for every role (serve, stream, pipeline steps `forewarn run --step <name>`, CLI).
#
# Built on Node 24 (the current LTS line; Node 20 is end-of-life since April 2026). The bases are build arguments so
# a plant can pin its own mirror, and so the tests on a machine without a registry can pass locally built bases:
#   NODE_IMAGE   runtime base: Node on Debian, slim (default node:24-bookworm-slim)
#   BUILD_IMAGE  dependency stage: must compile better-sqlite3 when its prebuilt binary cannot be downloaded, so it
#                needs python3, make and g++ (default node:24-bookworm, which has them)
# Debian bookworm both: the native addon compiled in the build stage must link against the runtime's glibc.
ARG NODE_IMAGE=node:24-bookworm-slim
ARG BUILD_IMAGE=node:24-bookworm

# Production dependencies only, exactly from the lockfile. onnxruntime-node's postinstall would fetch a CUDA provider
# from outside the npm registry; the CPU binaries ship in the package, so that step is skipped.
FROM ${BUILD_IMAGE} AS deps
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY package.json package-lock.json ./
COPY scripts/prepare.mjs scripts/prepare.mjs
RUN npm ci --omit=dev && npm cache clean --force
# onnxruntime-node ships CPU binaries for every OS and architecture (288 MB); the image needs only its own (about
# 45 MB). better-sqlite3 keeps its compiled addon, not the SQLite sources and object files it was compiled from.
RUN arch="$(node -p process.arch)" && ort=node_modules/onnxruntime-node/bin/napi-v6 \
 && find "$ort" -mindepth 1 -maxdepth 1 ! -name linux -exec rm -rf {} + \
 && find "$ort/linux" -mindepth 1 -maxdepth 1 ! -name "$arch" -exec rm -rf {} + \
 && test -n "$(ls "$ort/linux/$arch")" \
 && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src node_modules/better-sqlite3/build/Release/obj* \
 && test -f node_modules/better-sqlite3/build/Release/better_sqlite3.node

# Compile TypeScript. Native install scripts are not needed to run tsc, so this stage skips them (no second compile).
FROM ${BUILD_IMAGE} AS build
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY package.json package-lock.json ./
COPY scripts/prepare.mjs scripts/prepare.mjs
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY src src
RUN npx tsc -p tsconfig.json && find dist/src -name '*.test.js*' -delete

FROM ${NODE_IMAGE} AS runtime
ARG FOREWARN_UID=10001
LABEL org.opencontainers.image.title="forewarn" \
      org.opencontainers.image.description="Predictive-maintenance MLOps: pipeline steps, prediction service, streaming scorer" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/forewarn/forewarn"
ENV NODE_ENV=production \
    HOME=/data \
    FOREWARN_HEALTHCHECK_URL=http://127.0.0.1:8080/health
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=build /app/dist/src dist/src
COPY package.json ./
COPY bin bin
# A numeric non-root user (Kubernetes' runAsNonRoot can only verify numeric ids); /data is its working folder
# (project files, the embedded SQLite store and artifacts when no shared store is configured).
RUN ln -s /app/bin/forewarn.js /usr/local/bin/forewarn && chmod 0755 /app/bin/forewarn.js \
 && mkdir -p /data && chown ${FOREWARN_UID}:${FOREWARN_UID} /data
USER ${FOREWARN_UID}:${FOREWARN_UID}
WORKDIR /data
EXPOSE 8080
# Meaningful for `forewarn serve` (liveness route); other roles override or disable it (compose sets its own).
# Docker format only: podman builds need `--format docker` to keep it.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.FOREWARN_HEALTHCHECK_URL).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["forewarn"]
CMD ["--help"]
