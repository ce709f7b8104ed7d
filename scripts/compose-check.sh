#!/usr/bin/env bash
# Validates docker-compose.yml with whichever Compose client is installed (no Docker engine needed):
# `docker compose` (v2 plugin) or `docker-compose` (v1). Says so and succeeds when neither is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
else
  echo "compose-check: no Compose client installed (docker compose / docker-compose); skipped"
  exit 0
fi
# The secrets have no defaults: .env.example stands in for the operator's .env.
"${compose[@]}" --env-file .env.example config -q
echo "compose-check: docker-compose.yml is valid ($("${compose[@]}" version --short 2>/dev/null || echo "${compose[*]}"))"
