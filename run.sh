#!/usr/bin/env bash
# One entry point for people and CI.
#   ./run.sh app    install, build data/processed if missing, start the app (http://localhost:8501)
#   ./run.sh test   install (and Debian's chromium when root), run every test
#   ./run.sh etl    install, rebuild data/processed
#   ./run.sh bench  install, run the benchmarks in bench/
set -euo pipefail
cd "$(dirname "$0")"
VENV=${VENV:-.venv}
PY="$VENV/bin/python"

install() {
  if [[ ! -x "$PY" ]]; then
    python3.11 -m venv "$VENV" 2>/dev/null || python3 -m venv "$VENV"
  fi
  "$PY" -m pip install --quiet --disable-pip-version-check -r requirements.txt
}

chromium() {
  if [[ -x /usr/bin/chromium ]]; then return; fi
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Debian's chromium is missing (/usr/bin/chromium): run 'sudo apt-get install -y chromium' for the browser tests." >&2
  fi
}

data() {
  if [[ ! -f data/processed/datapackage.json ]]; then "$PY" -m etl; fi
}

case "${1:-}" in
  app)   install; data; exec "$VENV/bin/streamlit" run app.py ;;
  test)  install; chromium; data; exec "$PY" -m pytest -q "${@:2}" ;;
  etl)   install; exec "$PY" -m etl ;;
  bench) install; chromium; data; exec "$PY" bench/run.py "${@:2}" ;;
  *) echo "usage: ./run.sh app|test|etl|bench" >&2; exit 64 ;;
esac
