#!/usr/bin/env bash
# Status lookups through nginx, measured with wrk against two references
# serving the same page bytes through the same nginx:
#   static   nginx alone, the page as a file
#   minimal  a minimal fcgi2 responder writing the page (bench/minimal-fcgi.c):
#            the cost of the FastCGI hop, which bounds any FastCGI program
#   view     GET /kaiji/status/view with a lookup cookie (the status page)
#   lookup   POST /kaiji/status with the reference number and code (303)
# Prints req/s, p50/p99 for each, the ratios view/static and view/minimal,
# and the status program's resident memory before and after.
#
# Loopback only; bounded in time (BENCH_SECONDS per run, default 5; the
# whole script is stopped after BENCH_TIMEOUT seconds, default 180).
# BENCH_PERF=DIR: perf record -g the status program during view and
# lookup into DIR/view.data and DIR/lookup.data (perf report -i ...).
# Environment: KAIJI_BIN (default build/bin), BENCH_VAR (default
# var/bench-status), BENCH_CONNECTIONS (default 32), BENCH_THREADS (default 2).
# Runnable alone (after make all) or from bench/run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BIN=$(cd "${KAIJI_BIN:-build/bin}" && pwd)
VAR=${BENCH_VAR:-$ROOT/var/bench-status}
SECONDS_EACH=${BENCH_SECONDS:-5}
CONNS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
TIMEOUT=${BENCH_TIMEOUT:-180}
MINIMAL_PID=""

bench_die() {
	echo "bench/status: $*" >&2
	exit 1
}

bench_cleanup() {
	if [[ -n $MINIMAL_PID ]]; then
		kill "$MINIMAL_PID" 2>/dev/null || true
		wait "$MINIMAL_PID" 2>/dev/null || true
	fi
	KAIJI_VAR=$VAR "$ROOT/tools/stack" stop >/dev/null 2>&1 || true
}

command -v wrk >/dev/null || bench_die "wrk is missing (apt-get install -y wrk, or make deps)"
[[ -x $BIN/status && -x $BIN/kaijictl ]] || bench_die "build first (make all)"

# The whole run is bounded: timeout sends TERM, and the trap stops the stack.
if [[ -z ${BENCH_BOUNDED:-} ]]; then
	BENCH_BOUNDED=1 exec timeout "$TIMEOUT" "$0" "$@"
fi
trap bench_cleanup EXIT
trap 'echo "bench/status: stopped" >&2; exit 130' INT TERM

rm -rf "$VAR"
mkdir -p "$VAR/bench" "$ROOT/build/bench"
cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror bench/minimal-fcgi.c -lfcgi \
	-o "$ROOT/build/bench/minimal-fcgi"

KAIJI_VAR=$VAR KAIJI_PORT=auto KAIJI_DEMO=1 KAIJI_BIN=$BIN "$ROOT/tools/stack" start >"$VAR/bench/stack.log" 2>&1 ||
	{ cat "$VAR/bench/stack.log" >&2; bench_die "stack start failed"; }
PORT=$(<"$VAR/port")
URL=http://127.0.0.1:$PORT

# One request to look up.
read -r REF CODE < <("$BIN/kaijictl" -c "$VAR/kaiji.hdf" case new --kind disclosure \
	--agency mayor --name "性能 測定" --received "$(date +%F)")

# A browser's csrf cookie and token, then a lookup for its cookie.
JAR=$VAR/bench/cookies
TOKEN=$(curl -sf -c "$JAR" "$URL/kaiji/status" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
CSRF=$(awk '$6 == "kaiji_csrf" { print $7 }' "$JAR")
BODY="csrf=$TOKEN&ref=$REF&code=$CODE"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -b "$JAR" -c "$JAR" --data "$BODY" "$URL/kaiji/status")
[[ $STATUS == 303 ]] || bench_die "the lookup answered $STATUS, not 303"
LOOKUP=$(awk '$6 == "kaiji_lookup" { print $7 }' "$JAR")
COOKIE="kaiji_csrf=$CSRF; kaiji_lookup=$LOOKUP"

# The status page's bytes, served by the two references.
PAGE=$VAR/bench/page.html
curl -sf -H "Cookie: $COOKIE" -o "$PAGE" "$URL/kaiji/status/view"
grep -q "$REF" "$PAGE" || bench_die "the status page does not show the request"
# The responder serves DIR/NAME for a URI ending in NAME: /bench/minimal.
cp "$PAGE" "$VAR/bench/minimal"
"$ROOT/build/bench/minimal-fcgi" "$VAR/run/minimal.sock" "$VAR/bench" minimal 2>>"$VAR/log/minimal.log" &
MINIMAL_PID=$!
cat >>"$VAR/nginx/kaiji-locations.conf" <<CONF

# bench/status.sh: the references
location = /bench/static {
	default_type "text/html; charset=utf-8";
	add_header Cache-Control no-store;
	alias $PAGE;
}
location = /bench/minimal {
	include /etc/nginx/fastcgi_params;
	fastcgi_pass unix:$VAR/run/minimal.sock;
}
CONF
for _ in $(seq 50); do [[ -S $VAR/run/minimal.sock ]] && break; sleep 0.1; done
/usr/sbin/nginx -p "$VAR/nginx" -c "$VAR/nginx.conf" -e "$VAR/log/nginx-error.log" -s reload \
	2>>"$VAR/log/nginx.log"
sleep 0.5
for p in /bench/static /bench/minimal; do
	cmp -s "$PAGE" <(curl -sf "$URL$p") || bench_die "$p does not serve the page's bytes"
done

LUA=$VAR/bench/lookup.lua
cat >"$LUA" <<LUA
wrk.method = "POST"
wrk.body = "$BODY"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "kaiji_csrf=$CSRF"
LUA

rss() {
	local pid
	pid=$(<"$VAR/run/status.pid")
	awk '/^VmRSS:/ { print $2 " kB" }' "/proc/$pid/status"
}

declare -A RPS P50 P99
# wrk's --latency distribution gives 50% and 99%; a run with any answer
# outside 2xx/3xx or any socket error is refused.
measure() {
	local name=$1 out
	shift
	local perf_pid=""
	if [[ -n ${BENCH_PERF:-} && $name != static && $name != minimal ]]; then
		mkdir -p "$BENCH_PERF"
		perf record -q -g -p "$(<"$VAR/run/status.pid")" -o "$BENCH_PERF/$name.data" \
			-- sleep "$SECONDS_EACH" 2>/dev/null &
		perf_pid=$!
	fi
	out=$(wrk -t"$THREADS" -c"$CONNS" -d"${SECONDS_EACH}s" --latency "$@")
	[[ -z $perf_pid ]] || wait "$perf_pid" || true
	if grep -q -E 'Non-2xx or 3xx|Socket errors' <<<"$out"; then
		echo "$out" >&2
		bench_die "$name: errors during the run"
	fi
	RPS[$name]=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
	P50[$name]=$(awk '$1 == "50%" { print $2 }' <<<"$out")
	P99[$name]=$(awk '$1 == "99%" { print $2 }' <<<"$out")
	printf '%-8s %10s req/s   p50 %9s   p99 %9s\n' "$name" "${RPS[$name]}" "${P50[$name]}" "${P99[$name]}"
}

echo "machine: $(nproc) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
echo "page: $(wc -c <"$PAGE") bytes; wrk -t$THREADS -c$CONNS -d${SECONDS_EACH}s on 127.0.0.1, one nginx worker"
RSS_BEFORE=$(rss)
wrk -t1 -c4 -d1s -H "Cookie: $COOKIE" "$URL/kaiji/status/view" >/dev/null # warm up
measure static "$URL/bench/static"
measure minimal "$URL/bench/minimal"
measure view -H "Cookie: $COOKIE" "$URL/kaiji/status/view"
measure lookup -s "$LUA" "$URL/kaiji/status"
RSS_AFTER=$(rss)
awk -v v="${RPS[view]}" -v s="${RPS[static]}" -v m="${RPS[minimal]}" 'BEGIN {
	printf "ratio view/static  %.2f\nratio view/minimal %.2f\n", v / s, v / m }'
echo "status program RSS: $RSS_BEFORE before, $RSS_AFTER after"
