#!/usr/bin/env bash
# Regenerates the README images (media/screenshots/*.png) from the end-to-end test: packages the
# VSIX, installs it into code-server, drives the workbench in headless Chromium, and copies the
# screenshots over only when every step passed (a failing run never replaces good images).
#   AIP_E2E_VSIX=<file>  take the images of this VSIX instead of a fresh `npm run package`
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
AIP_OUT=out-e2e node scripts/build.mjs --tests
AIP_E2E_SCREENSHOT_DIR="$PWD/media/screenshots" node out-e2e/test/e2e/runE2E.js
ls -l media/screenshots
