#!/usr/bin/env bash
# The JSON API against its own OpenAPI document: schemathesis (PyPI, in a throwaway virtual
# environment) with every check, on `parallax serve` over the demo corpus with a write token.
# Settings and their reasons: web-tests/schemathesis.toml. Exits non-zero on any failure.
# Usage: bash web-tests/schemathesis.sh [extra schemathesis options, e.g. -n 200]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-schemathesis
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check schemathesis==4.32.5
fi
binary=${PARALLAX_BIN:-target/release/parallax}
[ -x "$binary" ] || cargo build --release --locked -q -p parallax-cli
port=$((19000 + RANDOM % 1000))
token=schemathesis-token
"$binary" serve examples/kim-putin --no-model --addr "127.0.0.1:$port" --token "$token" -q &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1; then break; fi
  sleep 0.2
done
"$venv/bin/schemathesis" --config-file web-tests/schemathesis.toml run \
  "http://127.0.0.1:$port/api/openapi.json" \
  --checks all --max-examples 50 --seed 21 \
  --header "Authorization: Bearer $token" "$@"
