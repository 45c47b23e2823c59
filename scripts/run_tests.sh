#!/usr/bin/env bash
# Install what the tests need, then run ruff, mypy and pytest (unit, app and e2e tiers).
#
#   bash scripts/run_tests.sh                 # everything (pytest -n 2)
#   bash scripts/run_tests.sh tests/e2e -x    # extra arguments go to pytest instead of the default paths
#
# Screenshots from the browser tests land in artifacts/e2e/, a JUnit report in artifacts/.
# Exit status: non-zero when lint, types or any test fail, and when pytest collects no test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh --dev

rm -rf artifacts/e2e
mkdir -p artifacts/e2e

status=0
echo "== ruff"
.venv/bin/ruff check . || status=1
echo "== mypy"
.venv/bin/mypy || status=1
[ "$status" -eq 0 ] || echo "lint or type check failed (see above); running the tests anyway" >&2

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for tier in tests/unit tests/fuzz tests/app tests/e2e; do
    [ -d "$tier" ] && targets+=("$tier")
  done
fi

echo "== pytest ${targets[*]}"
# Two workers; the e2e tests share one xdist group, so one worker runs them against a
# single server while the other takes the unit and app tests.
set +e
timeout --kill-after=60 "${BM_TEST_TIMEOUT:-75m}" \
  .venv/bin/python -m pytest -n 2 --dist loadgroup --junitxml=artifacts/junit.xml "${targets[@]}"
pytest_status=$?
set -e
case "$pytest_status" in
  0) ;;
  5) echo "pytest collected no tests: that is a failure" >&2; status=1 ;;
  124) echo "pytest exceeded ${BM_TEST_TIMEOUT:-75m} and was stopped" >&2; status=1 ;;
  *) status=1 ;;
esac
exit "$status"
