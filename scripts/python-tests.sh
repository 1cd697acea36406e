#!/usr/bin/env bash
# The Python package's tests: makes a virtual environment (target/python-venv) with
# python/requirements-test.txt, installs the package into it the README's way
# (`pip install ./python`, which builds the abi3 wheel with maturin), builds the command
# line the tests compare against, and runs pytest over python/tests — the local Spark test
# included, which needs Java: when `java` is missing and this runs as root, it installs
# Debian's openjdk-17-jre-headless (or the default JRE).
#
#   scripts/python-tests.sh [PYTEST ARGS…]
#
# PYTHON picks the interpreter for the venv (default python3). Under CI=true a test whose
# data, Java or pyspark is missing fails instead of being skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=target/python-venv

if ! command -v java >/dev/null 2>&1 && [ -z "${JAVA_HOME:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "python-tests: installing a Java runtime for the Spark test" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null \
      || apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
  else
    echo "python-tests: no Java runtime; the Spark tests will be skipped (install openjdk-17-jre-headless)" >&2
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r python/requirements-test.txt
# The README's set-up line for the package.
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps ./python

cargo build --release --locked --quiet
export STANDPOINT_BIN=$PWD/target/release/standpoint
if [ "${CI:-}" = true ]; then
  export STANDPOINT_REQUIRE_ALL=1
fi
# The tests import the installed package, not the source tree.
cd python/tests
exec "../../$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@"
