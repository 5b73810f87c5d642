#!/usr/bin/env bash
# Two builds of the programs under the same noise: a shared machine's
# load changes from one minute to the next, so bench/run's figures of two
# runs cannot be compared; this runs both builds side by side, each on its
# own stack and database (the same seed), and alternates the runs: for
# each round and page, the minimal fcgi2 responder, build A, build B.
# Prints each run and the median over the rounds of A/minimal and
# B/minimal, and of the lookup POST's rate and p99; and, steadier on a
# busy machine, the CPU time the serving process spent per request
# (/proc/PID/stat, user + system), whose ratio minimal/program is the
# share of the FastCGI ceiling the program would reach on idle cores.
#
#   bench/compare.sh BIN_A BIN_B     (e.g. a checkout's build/bin, then ours)
#
# Environment: BENCH_ENTRIES (100000), BENCH_DURATION (4s), BENCH_ROUNDS
# (3), BENCH_CONNECTIONS (32), BENCH_THREADS (2), BENCH_PROCESSES (1).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[[ $# == 2 ]] || { echo "usage: bench/compare.sh BIN_A BIN_B" >&2; exit 2; }
A=$(cd "$1" && pwd)
B=$(cd "$2" && pwd)
VAR=$ROOT/var/bench-compare
ENTRIES=${BENCH_ENTRIES:-100000}
DURATION=${BENCH_DURATION:-4s}
ROUNDS=${BENCH_ROUNDS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
PROCS=${BENCH_PROCESSES:-1}
MINIMAL_PID=

cleanup() {
	[[ -z $MINIMAL_PID ]] || { kill "$MINIMAL_PID" 2>/dev/null || true; wait "$MINIMAL_PID" 2>/dev/null || true; }
	local s
	for s in a b; do KAIJI_VAR=$VAR/$s "$ROOT/tools/stack" stop >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "bench/compare: $*" >&2; exit 1; }

rm -rf "$VAR"
mkdir -p "$VAR/pages"
cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -o "$VAR/minimal-fcgi" \
	"$ROOT/bench/minimal-fcgi.c" -lfcgi || die "cannot build minimal-fcgi"

LIST="/kaiji/register"
SEARCH="/kaiji/register?q=%E5%81%A5%E5%BA%B7%E8%A8%BA%E6%9F%BB"
DETAIL="/kaiji/register/$((ENTRIES > 12345 ? 12345 : ENTRIES / 2 + 1))"
declare -A URL COOKIE BODYS CSRF

# One side: its stack, the register and a request seeded, a lookup.
side() {
	local s=$1 bin=$2 v=$VAR/$1 jar=$VAR/$1.jar token ref code
	KAIJI_VAR=$v KAIJI_PORT=auto KAIJI_BIN=$bin KAIJI_PROCESSES=$PROCS \
		"$ROOT/tools/stack" start >"$VAR/$s.log" 2>&1 || { cat "$VAR/$s.log" >&2; die "stack $s"; }
	URL[$s]=http://127.0.0.1:$(<"$v/port")
	"$bin/kaijictl" -c "$v/kaiji.hdf" seed-demo --register "$ENTRIES" >/dev/null || die "seed $s"
	read -r ref code < <("$bin/kaijictl" -c "$v/kaiji.hdf" case new --kind disclosure \
		--agency mayor --name "性能 測定" --received "$(date +%F)")
	token=$(curl -sf -c "$jar" "${URL[$s]}/kaiji/status" | grep -o 'name="csrf" value="[0-9a-f]*"' |
		head -n 1 | sed 's/.*value="//; s/"$//')
	CSRF[$s]=$(awk '$6 == "kaiji_csrf" { print $7 }' "$jar")
	BODYS[$s]="csrf=$token&ref=$ref&code=$code"
	[[ $(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data "${BODYS[$s]}" \
		"${URL[$s]}/kaiji/status") == 303 ]] || die "lookup $s"
	COOKIE[$s]="kaiji_csrf=${CSRF[$s]}; kaiji_lookup=$(awk '$6 == "kaiji_lookup" { print $7 }' "$jar")"
	cat >"$VAR/$s.lua" <<LUA
wrk.method = "POST"
wrk.body = "${BODYS[$s]}"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "kaiji_csrf=${CSRF[$s]}"
LUA
	curl -s -o /dev/null "${URL[$s]}/kaiji/register?q=%E5%81%A5%E5%BA%B7"
}
side a "$A"
side b "$B"

# The minimal responder behind a's nginx, with b's bytes (the same page).
curl -sf -H "Cookie: ${COOKIE[b]}" -o "$VAR/pages/status.html" "${URL[b]}/kaiji/status/view"
curl -sf -o "$VAR/pages/list.html" "${URL[b]}$LIST"
curl -sf -o "$VAR/pages/search.html" "${URL[b]}$SEARCH"
curl -sf -o "$VAR/pages/detail.html" "${URL[b]}$DETAIL"
MINIMAL_PROCESSES=$PROCS "$VAR/minimal-fcgi" "$VAR/a/run/minimal.sock" "$VAR/pages" \
	status.html list.html search.html detail.html &
MINIMAL_PID=$!
cat >>"$VAR/a/nginx/kaiji-locations.conf" <<CONF
location /bench/minimal/ {
	include /etc/nginx/fastcgi_params;
	fastcgi_pass unix:$VAR/a/run/minimal.sock;
}
CONF
sleep 0.3
/usr/sbin/nginx -p "$VAR/a/nginx" -c "$VAR/a/nginx.conf" -e "$VAR/a/log/nginx-error.log" -s reload
sleep 0.5

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)

# run LABEL PID WRK-ARGS...: sets RPS, P99 (ms) and CPU (µs of PID's CPU
# a request).
RPS=0 P99=0 CPU=0
run() {
	local label=$1 pid=$2 out p99 t0 t1 n
	shift 2
	t0=$(ticks "$pid")
	out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@")
	t1=$(ticks "$pid")
	n=$(awk '/requests in/ { print $1 }' <<<"$out")
	CPU=$(awk -v d=$((t1 - t0)) -v n="$n" -v hz="$HZ" 'BEGIN { printf "%.0f", (n > 0 ? d / hz * 1e6 / n : 0) }')
	RPS=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
	p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
	P99=$(awk -v v="$p99" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.1f", n }')
	grep -q -E 'Non-2xx or 3xx' <<<"$out" && label="$label (NON-2xx)"
	printf '%-28s %9.0f req/s  p99 %8s ms  %6s µs CPU a request\n' "$label" "$RPS" "$P99" "$CPU"
}

declare -A R
for ((r = 1; r <= ROUNDS; r++)); do
	echo "round $r"
	for page in status list search detail; do
		run "$page minimal" "$MINIMAL_PID" "${URL[a]}/bench/minimal/$page.html"
		m=$RPS
		mc=$CPU
		for s in a b; do
			case $page in
			status) run "$page $s" "$(<"$VAR/$s/run/status.pid")" -H "Cookie: ${COOKIE[$s]}" \
				"${URL[$s]}/kaiji/status/view" ;;
			list) run "$page $s" "$(<"$VAR/$s/run/register.pid")" "${URL[$s]}$LIST" ;;
			search) run "$page $s" "$(<"$VAR/$s/run/register.pid")" "${URL[$s]}$SEARCH" ;;
			detail) run "$page $s" "$(<"$VAR/$s/run/register.pid")" "${URL[$s]}$DETAIL" ;;
			esac
			R[$page.$s]+=" $(awk -v a="$RPS" -v b="$m" 'BEGIN { printf "%.3f", a / b }')"
			R[$page.$s.cpu]+=" $(awk -v a="$mc" -v b="$CPU" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')"
			R[$page.$s.us]+=" $CPU"
		done
	done
	for s in a b; do
		run "lookup POST $s" "$(<"$VAR/$s/run/status.pid")" -s "$VAR/$s.lua" "${URL[$s]}/kaiji/status"
		R[lookup.$s]+=" $RPS"
		R[lookup.$s.p99]+=" $P99"
	done
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo
echo "medians over $ROUNDS rounds ($PROCS process(es) per program, $ENTRIES entries, wrk -t$THREADS -c$CONNECTIONS -d$DURATION; load $(cut -d' ' -f1-3 /proc/loadavg)):"
echo "| figure | A | B |"
echo "| --- | ---: | ---: |"
for page in status list search detail; do
	echo "| $page / minimal fcgi2, req/s | $(median "${R[$page.a]}") | $(median "${R[$page.b]}") |"
	echo "| $page / minimal fcgi2, CPU a request | $(median "${R[$page.a.cpu]}") | $(median "${R[$page.b.cpu]}") |"
	echo "| $page: µs of CPU a request | $(median "${R[$page.a.us]}") | $(median "${R[$page.b.us]}") |"
done
echo "| lookup POST (req/s) | $(median "${R[lookup.a]}") | $(median "${R[lookup.b]}") |"
echo "| lookup POST p99 (ms) | $(median "${R[lookup.a.p99]}") | $(median "${R[lookup.b.p99]}") |"
