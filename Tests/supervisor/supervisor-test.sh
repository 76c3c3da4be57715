#!/usr/bin/env bash
# Supervisor test: start the pipeline detached, kill -9 one component, check that it comes back
# alone (the others keep their pids), restart another by command, then `./run stop` leaves no
# process behind. Prints "supervisor: N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export KIS41_RUN_DIR=$(mktemp -d /tmp/ksup-XXXXXX)
export KIS41_BUILD=${KIS41_BUILD:-debug}
export KIS41_MIN_PAUSE=0.1
# A debug kis-sim catching up to --start 15:28 on a loaded machine can take more than a minute.
export KIS41_READY_TIMEOUT=${KIS41_READY_TIMEOUT:-300}
unset KIS_APP_KEY KIS_APP_SECRET KIS41_SECRETS_FILE KIS41_MODE
BIN=$ROOT/.build/$KIS41_BUILD
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); echo "ok   - $1"; else failed=$((failed + 1)); echo "FAIL - $1"; fi; }
pid_of() { cat "$KIS41_RUN_DIR/$1/pid" 2>/dev/null; }
LIVE=
# Only the test's own shell cleans up: a background job's forked shell signalled before it has
# exec'd its command (the stopped `kisctl tap` below, on a loaded machine) still carries this trap.
cleanup() { [ "$BASHPID" = "$$" ] || return 0; "$ROOT/run" stop >/dev/null 2>&1; rm -rf "$KIS41_RUN_DIR" ${LIVE:+"$LIVE"}; }
trap cleanup EXIT

# Every whole line of segment $2 of component $1 in the session archive is a record (a kill -9
# may tear only the last line of a segment), and the segment holds at least one.
archive_segment_ok() {
  python3 - "$KIS41_RUN_DIR" "$1" "$2" <<'PY'
import glob, gzip, json, sys
run, component, number = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = glob.glob(f"{run}/archive/*/{component}-{number:04d}.jsonl*")
if not files: sys.exit(1)
path = sorted(files)[0]
data = (gzip.open if path.endswith(".gz") else open)(path, "rb").read().decode()
lines = data.split("\n")
whole = lines[:-1]  # after the last newline: empty, or the torn end
def record(line):
    try: r = json.loads(line)
    except ValueError: return False
    return r.get("k") in ("ws", "rest") and isinstance(r.get("m"), (int, float))
sys.exit(0 if whole and all(record(l) for l in whole) else 1)
PY
}

"$ROOT/run" start --speed 60 --record >/dev/null 2>&1
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
# The recording: the killed gateway's segment reads back whole, the new process writes a new one.
sleep 2
check "the archive segment the killed gateway was writing reads back, every whole line a record" 'archive_segment_ok ws-gateway 1'
check "the restarted gateway records into a new segment" 'archive_segment_ok ws-gateway 2'

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
timeout 300 "$ROOT/run" --start 15:28 --speed 60 >"$KIS41_RUN_DIR/piped.jsonl" 2>"$KIS41_RUN_DIR/piped.err"
piped=$?
check "./run piped ends by itself at 15:30 with exit 0" '[ $piped = 0 ]'
check "./run piped writes only JSON lines" \
  'python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1])]" "$KIS41_RUN_DIR/piped.jsonl"'
left=""
for c in kis-sim ws-gateway rest-poller allocator signals recorder; do p=$(pid_of $c); [ -n "$p" ] && kill -0 "$p" 2>/dev/null && left="$left $c"; done
check "the piped run leaves no process" '[ -z "$left" ]'
check "the new session moved the last one's files to previous/" \
  '[ -s "$KIS41_RUN_DIR/previous/signals-state.json" ] && [ -s "$KIS41_RUN_DIR/previous/allocator-state.json" ]'

# --- Two accounts on kis-sim (issue 17): one ws-gateway per account, each restartable alone ----------
"$ROOT/run" start --accounts 2 --speed 60 >/dev/null 2>&1
check "--accounts 2: ws-gateway@1 and ws-gateway@2 answer status on their own sockets" \
  '"$BIN/kisctl" ping ws-gateway@1 && "$BIN/kisctl" ping ws-gateway@2 && [ -S "$KIS41_RUN_DIR/gateway@1.sock" ] && [ -S "$KIS41_RUN_DIR/gateway@2.sock" ] && [ ! -e "$KIS41_RUN_DIR/gateway.sock" ]'
check "kis-sim knows exactly the two simulated keys, and each gateway serves its own account" \
  '[ "$(grep -c . "$KIS41_RUN_DIR/kis-sim/credentials")" = 2 ] && grep -q "account sim1" "$KIS41_RUN_DIR/ws-gateway@1/log" && grep -q "account sim2" "$KIS41_RUN_DIR/ws-gateway@2/log"'
# The allocator fills the pool: more than 41 registrations in all, never more than 41 on one session.
filled=1
for _ in $(seq 1 600); do
  if "$BIN/kisctl" status --json | python3 -c "
import json,sys
c=json.load(sys.stdin)[\"components\"]
used=[c[g][\"details\"][\"slots_used\"] for g in (\"ws-gateway@1\", \"ws-gateway@2\")]
assert max(used) <= 41, used
sys.exit(0 if sum(used) > 41 else 1)" 2>/dev/null; then filled=0; break; fi
  sleep 0.1
done
check "the allocator's pool holds more than 41 registrations over the two sessions, at most 41 on each" '[ $filled = 0 ]'
first=$(pid_of ws-gateway@1) before_alloc=$(pid_of allocator)
victim=$(pid_of ws-gateway@2)
kill -9 "$victim"
back=1
for _ in $(seq 1 100); do
  now=$(pid_of ws-gateway@2)
  if [ -n "$now" ] && [ "$now" != "$victim" ] && "$BIN/kisctl" ping ws-gateway@2 2>/dev/null; then back=0; break; fi
  sleep 0.1
done
check "ws-gateway@2 killed with -9 comes back alone; ws-gateway@1 and the allocator keep their pids" \
  '[ $back = 0 ] && [ "$(pid_of ws-gateway@1)" = "$first" ] && [ "$(pid_of allocator)" = "$before_alloc" ]'
victim=$(pid_of ws-gateway@2)
"$ROOT/run" restart ws-gateway@2 >/dev/null 2>&1
check "./run restart ws-gateway@2 restarts that gateway alone" \
  '[ "$(pid_of ws-gateway@2)" != "$victim" ] && "$BIN/kisctl" ping ws-gateway@2 && [ "$(pid_of ws-gateway@1)" = "$first" ]'
check "status --json lists each account's gateway, the allocator's pool of 82 slots and both accounts' REST use" \
  '"$BIN/kisctl" status --json | python3 -c "
import json,sys
c=json.load(sys.stdin)[\"components\"]
g=c[\"allocator\"][\"details\"][\"gateways\"]
ok = c[\"ws-gateway@2\"][\"restarts\"] == 2 and c[\"ws-gateway@1\"][\"restarts\"] == 0
ok = ok and [x[\"socket\"] for x in g] == [\"gateway@1\", \"gateway@2\"] and sum(x[\"capacity\"] for x in g) == 82
ok = ok and [a[\"account\"] for a in c[\"rest-poller\"][\"details\"][\"accounts\"]] == [\"sim1\", \"sim2\"]
ok or print(\"  status:\", c[\"ws-gateway@2\"][\"restarts\"], c[\"ws-gateway@1\"][\"restarts\"], g, c[\"rest-poller\"][\"details\"].get(\"accounts\"))
sys.exit(0 if ok else 1)"'
sed -n 's/^KIS_APP_\(KEY\|SECRET\)_[0-9]=//p' "$KIS41_RUN_DIR/sim-credentials" >"$KIS41_RUN_DIR/secret.pattern"
check "no simulated key or secret in any argv or log" \
  '! grep -l -F -f "$KIS41_RUN_DIR/secret.pattern" /proc/[0-9]*/cmdline 2>/dev/null | grep -q . && ! grep -rqF -f "$KIS41_RUN_DIR/secret.pattern" "$KIS41_RUN_DIR"/*/log'
rm -f "$KIS41_RUN_DIR/secret.pattern"
pids="$(for c in kis-sim ws-gateway@1 ws-gateway@2 rest-poller allocator signals; do pid_of $c; done)"
"$ROOT/run" stop >/dev/null 2>&1
left=""
for p in $pids; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
check "./run stop stops both gateways (no process left)" '[ -z "$left" ]'

# --- Live mode against a local TLS stand-in (issue 13) -------------------------------------------
# The sim session above stopped and left its clock.json (speed 60) behind. A live session in the
# same run directory, with credentials only in a secrets file, must be live, run on the wall clock
# and keep KIS's 18 calls per second; kis-sim serves as the stand-in for KIS over https/wss with a
# throwaway CA, counting every REST arrival in 1-second windows at speed 1.
LIVE=$(mktemp -d /tmp/klive-XXXXXX)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$LIVE/key.pem" -out "$LIVE/cert.pem" \
  -days 1 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 >/dev/null 2>&1
key=$(head -c 300 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 36)
secret=$(head -c 600 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 180)
(umask 077; printf 'KIS_APP_KEY=%s\nKIS_APP_SECRET=%s\n' "$key" "$secret" >"$LIVE/secrets")
# standin NAME [kis-sim flags]: starts kis-sim with TLS; sets STANDIN_PID and STANDIN_PORT.
standin() {
  local name=$1; shift
  rm -f "$LIVE/$name.ready"
  "$BIN/kis-sim" --port 0 --speed 1 --start 10:00 --rest-limit 18 --tls-cert "$LIVE/cert.pem" --tls-key "$LIVE/key.pem" \
    --ready-file "$LIVE/$name.ready" --stats-file "$LIVE/$name.stats" "$@" >"$LIVE/$name.log" 2>&1 &
  STANDIN_PID=$!
  for _ in $(seq 1 900); do [ -s "$LIVE/$name.ready" ] && break; sleep 0.1; done
  STANDIN_PORT=$(sed -n 's/^KIS_SIM_REST=.*://p' "$LIVE/$name.ready")
}
# live_session: ./run start in live mode against the stand-in, credentials from the secrets file only.
live_session() {
  env KIS41_SECRETS_FILE="$LIVE/secrets" SSL_CERT_FILE="$LIVE/cert.pem" KIS41_STATE_DIR="$LIVE/state" \
    KIS41_REST_URL="https://localhost:$STANDIN_PORT" KIS41_WS_URL="wss://localhost:$STANDIN_PORT/tryitout" \
    "$ROOT/run" start >"$LIVE/start.out" 2>&1
}
stop_session() { "$ROOT/run" stop >"$LIVE/stop.out" 2>&1; }

standin healthy
live_session
check "credentials only in KIS41_SECRETS_FILE start a live session (not kis-sim)" \
  '[ "$(cat "$KIS41_RUN_DIR/mode")" = live ] && ! kill -0 "$(pid_of kis-sim)" 2>/dev/null && "$BIN/kisctl" status | head -n 1 | grep -q "^mode: live (credentials from KIS41_SECRETS_FILE"'
check "the simulated clock a stopped session left behind does not steer the live one" \
  '[ ! -e "$KIS41_RUN_DIR/clock.json" ] && [ -e "$KIS41_RUN_DIR/previous/clock.json" ]'
# A subscriber that never reads. (trap - EXIT: a child stopped before its exec would otherwise
# run this script's cleanup when it is killed.)
(trap - EXIT; exec "$BIN/kisctl" tap trade) >/dev/null 2>&1 & tap_pid=$!
sleep 0.5; kill -STOP $tap_pid
sleep 8
check "the live poller polls the stand-in" \
  '"$BIN/kisctl" status --json | python3 -c "import json,sys; d=json.load(sys.stdin)[\"components\"][\"rest-poller\"][\"details\"]; sys.exit(0 if d[\"calls\"] > 20 else 1)"'
(umask 077; printf '%s\n%s\n' "$secret" "$key" >"$LIVE/secret.pattern")   # grep -f: no secret in grep's own argv
check "the secret is in no argv, and only the gateway and the poller are told where it is" \
  '! grep -l -F -f "$LIVE/secret.pattern" /proc/[0-9]*/cmdline 2>/dev/null | grep -q . &&
   tr "\0" "\n" </proc/$(pid_of rest-poller)/environ | grep -q "^KIS41_SECRETS_FILE=" &&
   tr "\0" "\n" </proc/$(pid_of ws-gateway)/environ | grep -q "^KIS41_SECRETS_FILE=" &&
   ! cat /proc/$(pid_of allocator)/environ /proc/$(pid_of signals)/environ /proc/$(pid_of recorder)/environ | tr "\0" "\n" | grep -q "^KIS41_SECRETS_FILE=\|^KIS_APP_"'
stop_session
check "the live session recorded what KIS sent (both halves), with no key or secret in it" \
  'ls "$KIS41_RUN_DIR"/archive/*/rest-poller-0001.jsonl "$KIS41_RUN_DIR"/archive/*/ws-gateway-0001.jsonl >/dev/null 2>&1 &&
   grep -q "FHKST11300006" "$KIS41_RUN_DIR"/archive/*/rest-poller-0001.jsonl && ! grep -rqF -f "$LIVE/secret.pattern" "$KIS41_RUN_DIR/archive"'
kill -CONT $tap_pid 2>/dev/null; kill $tap_pid 2>/dev/null
kill -TERM $STANDIN_PID; wait $STANDIN_PID 2>/dev/null
check "REST calls stay within 18 in every 1-second window of the stand-in (and it was called)" \
  'python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(\"  stand-in:\", s[\"restCalls\"], \"calls,\", s[\"limitViolations\"], \"over the limit\"); sys.exit(0 if s[\"restCalls\"] > 50 and s[\"limitViolations\"] == 0 else 1)" "$LIVE/healthy.stats"'
check "./run stop needed no KILL (TERM with an open REST call and a stalled subscriber)" '! grep -q "did not stop" "$LIVE/stop.out"'

# A stand-in that knows another key: the token is refused (the poller backs off for a minute) and
# so is the WebSocket approval (the gateway backs off). Both show degraded, and stop is prompt.
other=$(head -c 300 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 36)
printf '%s %s\n' "$other" "$secret" >"$LIVE/known"
standin refusing --credentials "$LIVE/known"
rm -rf "$LIVE/state"
live_session
sleep 4
check "a refused token shows in status as degraded, with the reason" \
  '"$BIN/kisctl" status | grep "^rest-poller" | grep -q "degraded: token"'
check "and in the poller's log at the default level, once" \
  '[ "$(grep -c "warning rest-poller: degraded" "$KIS41_RUN_DIR/rest-poller/log")" = 1 ]'
stopped_at=$SECONDS
stop_session
check "./run stop during the token and reconnect backoffs needs no KILL" '! grep -q "did not stop" "$LIVE/stop.out"'
echo "  stop took $((SECONDS - stopped_at)) s"
kill -TERM $STANDIN_PID; wait $STANDIN_PID 2>/dev/null

# --- Two live accounts in the environment (issue 17): each gateway holds only its own account's ------
# entries. `run` starts ws-gateway@N with KIS41_ACCOUNT=N and strips the other accounts' variables
# (for account 1 also the unnumbered KIS_APP_KEY/SECRET/HTS_ID form). Only variable names are
# compared and printed, never a value.
for n in 1 2; do
  declare "key$n=$(head -c 300 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 36)"
  declare "secret$n=$(head -c 600 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 180)"
done
(umask 077; printf '%s %s\n%s %s\n' "$key1" "$secret1" "$key2" "$secret2" >"$LIVE/two-known")
standin two --credentials "$LIVE/two-known"
rm -rf "$LIVE/state"
# export (a builtin): the values never appear in an argv.
(export KIS_APP_KEY_1=$key1 KIS_APP_SECRET_1=$secret1 KIS_APP_KEY_2=$key2 KIS_APP_SECRET_2=$secret2 \
   KIS_ACCOUNT_NAME_1=first KIS_ACCOUNT_NAME_2=second SSL_CERT_FILE="$LIVE/cert.pem" KIS41_STATE_DIR="$LIVE/state" \
   KIS41_REST_URL="https://localhost:$STANDIN_PORT" KIS41_WS_URL="wss://localhost:$STANDIN_PORT/tryitout"
 exec "$ROOT/run" start >"$LIVE/start.out" 2>&1)
# env_names PID: the names of a process's environment variables (the values are cut off before
# anything else sees them).
env_names() { [ -n "$1" ] && [ -r "/proc/$1/environ" ] && tr '\0' '\n' <"/proc/$1/environ" | sed 's/=.*//' | sort -u; }
# isolated N OTHER…: the gateway of account N holds its own key and secret and none of the names OTHER.
isolated() {
  local own=$1 names leaked; shift
  names=$(env_names "$(pid_of "ws-gateway@$own")") || { echo "  ws-gateway@$own: no process to read"; return 1; }
  grep -qx "KIS_APP_KEY_$own" <<<"$names" && grep -qx "KIS_APP_SECRET_$own" <<<"$names" \
    || { echo "  ws-gateway@$own lacks its own KIS_APP_KEY_$own/KIS_APP_SECRET_$own"; return 1; }
  leaked=$(grep -Fx -f <(printf '%s\n' "$@") <<<"$names")
  [ -z "$leaked" ] || { echo "  ws-gateway@$own holds:" $leaked; return 1; }
}
check "two live accounts from the environment start ws-gateway@1 and ws-gateway@2" \
  'grep -qx "live" "$KIS41_RUN_DIR/mode" && "$BIN/kisctl" ping ws-gateway@1 && "$BIN/kisctl" ping ws-gateway@2'
check "ws-gateway@2's environment holds none of account 1's variables (numbered or unnumbered)" \
  'isolated 2 KIS_APP_KEY_1 KIS_APP_SECRET_1 KIS_HTS_ID_1 KIS_APP_KEY KIS_APP_SECRET KIS_HTS_ID'
check "ws-gateway@1's environment holds none of account 2's variables" \
  'isolated 1 KIS_APP_KEY_2 KIS_APP_SECRET_2 KIS_HTS_ID_2'
poller_holds_all() {
  local names v
  names=$(env_names "$(pid_of rest-poller)") || return 1
  for v in KIS_APP_KEY_1 KIS_APP_SECRET_1 KIS_APP_KEY_2 KIS_APP_SECRET_2; do grep -qx "$v" <<<"$names" || return 1; done
}
check "the poller holds both accounts' keys and secrets; the allocator, signals and recorder none" \
  'poller_holds_all && ! { env_names "$(pid_of allocator)"; env_names "$(pid_of signals)"; env_names "$(pid_of recorder)"; } | grep -q "^KIS_APP_"'
(umask 077; printf '%s\n' "$key1" "$secret1" "$key2" "$secret2" >"$LIVE/secret.pattern")
check "neither account's key or secret is in any argv or log" \
  '! grep -l -F -f "$LIVE/secret.pattern" /proc/[0-9]*/cmdline 2>/dev/null | grep -q . && ! grep -rqF -f "$LIVE/secret.pattern" "$KIS41_RUN_DIR"/*/log'
stop_session
kill -TERM $STANDIN_PID; wait $STANDIN_PID 2>/dev/null

echo "supervisor: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
