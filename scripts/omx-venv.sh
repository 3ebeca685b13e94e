#!/usr/bin/env bash
# The reference OMX library (`openmatrix` from PyPI, with its validator) in a
# virtual environment of its own, build/omx-venv, for
# tests/omx_validator_test.cpp. Cached: does nothing once it is there. Where
# PyPI cannot be reached it writes the reason to build/omx-venv.unreachable
# (the test then skips, saying so) and exits 0; any other failure is an error.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
VENV="$ROOT/build/omx-venv"
MARK="$ROOT/build/omx-venv.unreachable"
mkdir -p "$ROOT/build"
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import openmatrix.validator" 2>/dev/null; then
  exit 0
fi
rm -rf "$VENV" "$MARK"
/usr/bin/python3 -m venv "$VENV"
if ! "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --timeout 30 openmatrix 2>"$ROOT/build/omx-venv.log"; then
  if grep -qiE "connection|resolve|network|timed out|No matching distribution" "$ROOT/build/omx-venv.log"; then
    { echo "PyPI could not be reached to install openmatrix:"; tail -3 "$ROOT/build/omx-venv.log"; } >"$MARK"
    rm -rf "$VENV"
    echo "omx-venv: $(head -1 "$MARK") (the OMX validator test will skip)" >&2
    exit 0
  fi
  cat "$ROOT/build/omx-venv.log" >&2
  exit 1
fi
echo "omx-venv: openmatrix $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("openmatrix"))') in $VENV" >&2
