#!/usr/bin/env bash
# Builds the stack's five images from the repository root and, with --push, pushes them.
#   REGISTRY=registry.example.com/vehicle-tracker TAG=$(git rev-parse --short HEAD) deploy/scripts/build-images.sh [--push]
# Each is tagged $TAG and latest; docker-stack.yml deploys ${REGISTRY}/<name>:${TAG}.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${REGISTRY:?set REGISTRY, e.g. registry.example.com/vehicle-tracker}"
: "${TAG:?set TAG, e.g. the commit id}"
export DOCKER_BUILDKIT=1

declare -A dockerfiles=(
  [heartbeat]=services/heartbeat/Dockerfile
  [projector]=services/projector/Dockerfile
  [query]=services/query/Dockerfile
  [migrate]=deploy/migrate/Dockerfile
  [web]=deploy/web/Dockerfile
)
for name in "${!dockerfiles[@]}"; do
  docker build -f "${dockerfiles[$name]}" -t "$REGISTRY/$name:$TAG" -t "$REGISTRY/$name:latest" .
done
if [ "${1:-}" = --push ]; then
  for name in "${!dockerfiles[@]}"; do
    docker push "$REGISTRY/$name:$TAG"
    docker push "$REGISTRY/$name:latest"
  done
fi
