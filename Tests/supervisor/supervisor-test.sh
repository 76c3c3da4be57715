#!/usr/bin/env bash
# Supervisor test: start the pipeline detached, kill -9 one component, check that it comes back
# alone (the others keep their pids), restart another by command, then `./run stop` leaves no
# process behind. Prints "supervisor: N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export KIS41_RUN_DIR=$(mktemp -d /tmp/k41s-XXXXXX)
export KIS41_BUILD=${KIS41_BUILD:-debug}
export KIS41_MIN_PAUSE=0.1
unset KIS_APP_KEY KIS_APP_SECRET
BIN=$ROOT/.build/$KIS41_BUILD
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); echo "ok   - $1"; else failed=$((failed + 1)); echo "FAIL - $1"; fi; }
pid_of() { cat "$KIS41_RUN_DIR/$1/pid" 2>/dev/null; }
cleanup() { "$ROOT/run" stop >/dev/null 2>&1; rm -rf "$KIS41_RUN_DIR"; }
trap cleanup EXIT

"$ROOT/run" start --speed 60 >/dev/null 2>&1
check "pipeline starts and every component answers status" \
  'for c in ws-gateway rest-poller allocator signals; do "$BIN/kisctl" ping $c || exit 1; done'

before_poller=$(pid_of rest-poller) before_alloc=$(pid_of allocator) before_signals=$(pid_of signals) before_sim=$(pid_of kis-sim)
victim=$(pid_of ws-gateway)
kill -9 "$victim"
back=1
for _ in $(seq 1 100); do
  now=$(pid_of ws-gateway)
  if [ -n "$now" ] && [ "$now" != "$victim" ] && "$BIN/kisctl" ping ws-gateway 2>/dev/null; then back=0; break; fi
  sleep 0.1
done
check "ws-gateway killed with -9 is back within 10 s and answers status" '[ $back = 0 ]'
check "the other components kept their pids" \
  '[ "$(pid_of rest-poller)" = "$before_poller" ] && [ "$(pid_of allocator)" = "$before_alloc" ] && [ "$(pid_of signals)" = "$before_signals" ] && [ "$(pid_of kis-sim)" = "$before_sim" ]'
check "status --json reports one restart of ws-gateway" \
  '"$BIN/kisctl" status --json | python3 -c "import json,sys; c=json.load(sys.stdin)[\"components\"][\"ws-gateway\"]; sys.exit(0 if c[\"restarts\"] == 1 and c[\"state\"] == \"running\" else 1)"'

# signals saves its day every 2 s; killed, the next process carries on from it.
for _ in $(seq 1 100); do [ -s "$KIS41_RUN_DIR/signals-state.json" ] && break; sleep 0.1; done
victim=$(pid_of signals)
kill -9 "$victim"
resumed=1
for _ in $(seq 1 100); do
  now=$(pid_of signals)
  if [ -n "$now" ] && [ "$now" != "$victim" ] && grep -q "resumed from" "$KIS41_RUN_DIR/signals/log"; then resumed=0; break; fi
  sleep 0.1
done
check "signals killed with -9 comes back and resumes the day from its snapshot" '[ $resumed = 0 ]'

old_alloc=$(pid_of allocator)
"$ROOT/run" restart allocator >/dev/null 2>&1
check "./run restart allocator gives it a new pid and it answers" \
  '[ "$(pid_of allocator)" != "$old_alloc" ] && "$BIN/kisctl" ping allocator'

pids="$(for c in kis-sim ws-gateway rest-poller allocator signals; do pid_of $c; done) $(cat "$KIS41_RUN_DIR/supervisor.pid" 2>/dev/null)"
"$ROOT/run" stop >/dev/null 2>&1
left=""
for p in $pids; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
check "./run stop leaves no process" '[ -z "$left" ]'
check "./run stop removes the sockets" '! ls "$KIS41_RUN_DIR"/*.sock >/dev/null 2>&1'

# The foreground run, piped: signals as JSON lines, and it ends by itself at --until (15:30 on kis-sim).
timeout 120 "$ROOT/run" --start 15:28 --speed 60 >"$KIS41_RUN_DIR/piped.jsonl" 2>"$KIS41_RUN_DIR/piped.err"
piped=$?
check "./run piped ends by itself at 15:30 with exit 0" '[ $piped = 0 ]'
check "./run piped writes only JSON lines" \
  'python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1])]" "$KIS41_RUN_DIR/piped.jsonl"'
left=""
for c in kis-sim ws-gateway rest-poller allocator signals recorder; do p=$(pid_of $c); [ -n "$p" ] && kill -0 "$p" 2>/dev/null && left="$left $c"; done
check "the piped run leaves no process" '[ -z "$left" ]'
check "the new session moved the last one's files to previous/" \
  '[ -s "$KIS41_RUN_DIR/previous/signals-state.json" ] && [ -s "$KIS41_RUN_DIR/previous/allocator-state.json" ]'

echo "supervisor: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
