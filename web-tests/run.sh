#!/usr/bin/env bash
# Browser tests of `parallax serve`: installs playwright-core (npm) and Debian's chromium when
# missing, then runs the tests on target/release/parallax. Screenshots: target/screenshots/.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null
  fi
fi
# No lock file is kept (it would name the registry); the one dependency is pinned exactly.
npm install --no-package-lock --no-audit --no-fund --silent
node --test browser.test.mjs
