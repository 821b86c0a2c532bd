#!/usr/bin/env bash
# The benchmark harness: the service against the hand-made psql | gzip + PUT path on the same rows.
#
#   infra/local/up.sh && infra/bench/run.sh                 # 5M rows: CSV+gzip, JSONL+gzip, CSV
#   infra/bench/run.sh --rows 1000000 --scale --concurrent   # also 1/2/3 workers, 20 concurrent exports
#
# See infra/bench/bench.py for what it measures and docs/performance.md for the figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 infra/bench/bench.py "$@"
