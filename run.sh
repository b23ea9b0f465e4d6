#!/usr/bin/env bash
# One entry point for people and CI.
#   ./run.sh app    install, build data/processed if missing, start the app on http://127.0.0.1:8501
#                   (localhost only: put the reverse proxy of deploy/ in front; ADDRESS=0.0.0.0 to override)
#   ./run.sh test   install (and Debian's chromium and nginx when root), run every test
#   ./run.sh etl    install, rebuild data/processed
#   ./run.sh bench  install, run the benchmarks in bench/
set -euo pipefail
cd "$(dirname "$0")"
VENV=${VENV:-.venv}
PY="$VENV/bin/python"

install() {  # $1: requirements file (runtime by default; the tests add their tools)
  if [[ ! -x "$PY" ]]; then
    python3.11 -m venv "$VENV" 2>/dev/null || python3 -m venv "$VENV"
  fi
  "$PY" -m pip install --quiet --disable-pip-version-check -r "${1:-requirements.txt}"
}

browser_tools() {  # Debian's chromium (browser tests) and nginx (the reverse proxy of deploy/, tested too)
  local missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
  if (( ${#missing[@]} == 0 )); then return; fi
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing Debian packages for the browser tests: run 'sudo apt-get install -y ${missing[*]}'." >&2
  fi
}

data() {  # builds when missing or incomplete; waits for a build already running (file lock)
  "$PY" -c "import sys; from etl.pipeline import PROCESSED_DIR, is_complete; sys.exit(0 if is_complete(PROCESSED_DIR) else 1)" \
    || "$PY" -m etl
}

case "${1:-}" in
  app)   install; data; exec "$VENV/bin/streamlit" run app.py --server.address "${ADDRESS:-127.0.0.1}" ;;
  # two workers (pytest-xdist), one per core: a browser test mostly waits for a page, so two overlap well;
  # --dist loadfile keeps each file's tests (and its module fixtures) in one worker
  test)  install requirements-test.txt; browser_tools; data; exec "$PY" -m pytest -q -n 2 --dist loadfile "${@:2}" ;;
  etl)   install; exec "$PY" -m etl ;;
  bench) install requirements-test.txt; browser_tools; data; exec "$PY" bench/run.py "${@:2}" ;;
  *) echo "usage: ./run.sh app|test|etl|bench" >&2; exit 64 ;;
esac
