#!/usr/bin/env bash
# The test command: prepares the local servers, then builds and runs every unit and integration test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prepare-servers.sh
exec mvn -B verify "$@"
