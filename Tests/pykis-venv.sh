#!/usr/bin/env bash
# The one recipe for python-kis 2.1.6's virtual environment, used by ConformanceProbeTests and by
# `./run bench gateway`. Creates it once (in $KIS41_PYKIS_VENV, default /tmp/kis41-pykis-venv-2.1.6)
# and prints its python on stdout. Without python3 -m venv, pip or PyPI: the reason on stderr, exit 1.
set -uo pipefail
VERSION=2.1.6
VENV=${KIS41_PYKIS_VENV:-/tmp/kis41-pykis-venv-$VERSION}
PYTHON=$VENV/bin/python

if [ -f "$VENV/.kis41-ready" ] && "$PYTHON" -c 'import pykis' >/dev/null 2>&1; then
  echo "$PYTHON"; exit 0
fi
python3 -m venv "$VENV" >&2 || { echo "python3 -m venv is unavailable" >&2; exit 1; }
# python-kis 2.1.6 imports typing_extensions without declaring it.
"$VENV/bin/pip" install -q "python-kis==$VERSION" typing_extensions >&2 \
  || { echo "pip could not install python-kis==$VERSION (no PyPI?)" >&2; exit 1; }
"$PYTHON" -c 'import pykis' >&2 || { echo "python-kis $VERSION does not import" >&2; exit 1; }
touch "$VENV/.kis41-ready"
echo "$PYTHON"
