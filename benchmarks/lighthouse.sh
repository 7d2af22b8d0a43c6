#!/usr/bin/env bash
# Lighthouse scores (performance, accessibility, best practices, SEO) for the example campaign
# page, served from 127.0.0.1 under its project path, in Lighthouse's mobile emulation, driven
# through Debian's Chromium. A benchmark to read, not a test: it prints the four scores.
#   bash benchmarks/lighthouse.sh [campaign-slug]
set -euo pipefail
cd "$(dirname "$0")/.."
slug="${1:-tenon-lamp}"
tools=benchmarks/.tools
chromium="${PLEDGEKIT_CHROMIUM:-/usr/bin/chromium}"

[ -x "$tools/node_modules/.bin/lighthouse" ] ||
  npm install --prefix "$tools" --no-audit --no-fund --silent lighthouse@12.2.3 >/dev/null

work=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
pledgekit build --output "$work/site/pledgekit" --now "${NOW:-2026-11-26T12:00:00+01:00}" >/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$work/site" "$port" >/dev/null 2>&1 &
server=$!
sleep 1

CHROME_PATH="$chromium" "$tools/node_modules/.bin/lighthouse" \
  "http://127.0.0.1:$port/pledgekit/campaigns/$slug/" \
  --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-sync --disable-background-networking --disable-component-update" \
  --output=json --output-path="$work/report.json" --quiet

python3 - "$work/report.json" "$slug" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
print(f"Lighthouse {report['lighthouseVersion']}, {report['configSettings']['formFactor']} emulation, campaign '{sys.argv[2]}':")
for category in report["categories"].values():
    print(f"  {category['title']:<16} {round(category['score'] * 100):>3}")
failing = [
    audit for audit in report["audits"].values()
    if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") in ("binary", "numeric")
]
for audit in failing:
    print(f"  - {audit['id']}: {audit['title']} ({audit.get('displayValue', audit['score'])})")
PY
