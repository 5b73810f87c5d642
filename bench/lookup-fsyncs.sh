#!/usr/bin/env bash
# Where the status program's syncs fall under a load of the lookup POST
# (bench/RESULTS.md, sixth and seventh passes; issue 20). A stack of its
# own (KAIJI_PORT=auto, one request from kaijictl case new), wrk -t2 -c32
# on the lookup POST (right code, 303) for DURATION + 4 s, and each status
# worker's syscalls recorded with perf trace for DURATION s after 2 s to
# warm. Counted per process, on each thread: a sync between the program's
# accept and its first write to the accepted socket is on the request
# path, one after that write and before the next accept is not, one on
# another thread (the checkpoint's) is on neither. The sleeps of SQLite's
# busy handler on the requests' thread before the response are the
# waits for the write lock (another process's commit, or the checkpoint
# thread's RESTART and restart write); its futex waits there, for the
# checkpoint thread's gate (db_ckpt_wait) or its wal_hook's mutex.
#
#   bench/lookup-fsyncs.sh [PROCESSES]    (default 1)
#
# KAIJI_BIN: the programs (default build/bin); DURATION (default 10).
# Counts mean something on a busy machine; rates and times do not.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${KAIJI_BIN:-$ROOT/build/bin}
PROCS=${1:-1}
DURATION=${DURATION:-10}
VAR=$(mktemp -d /tmp/kaiji-fsyncs.XXXXXX)
STACK=$VAR/stack

stop() { KAIJI_VAR=$STACK "$ROOT/tools/stack" stop >/dev/null 2>&1 || true; }
trap stop EXIT

KAIJI_VAR=$STACK KAIJI_PORT=auto KAIJI_BIN=$BIN KAIJI_PROCESSES=$PROCS \
	"$ROOT/tools/stack" start >"$VAR/stack.log" 2>&1 ||
	{ cat "$VAR/stack.log" >&2; exit 1; }
URL=http://127.0.0.1:$(<"$STACK/port")
read -r REF CODE < <("$BIN/kaijictl" -c "$STACK/kaiji.hdf" case new \
	--kind disclosure --agency mayor --name "性能 測定" --received "$(date +%F)")

jar=$VAR/cookies
token=$(curl -sf -c "$jar" "$URL/kaiji/status" | grep -o 'name="csrf" value="[0-9a-f]*"' |
	head -n 1 | sed 's/.*value="//; s/"$//')
csrf=$(awk '$6 == "kaiji_csrf" { print $7 }' "$jar")
body="csrf=$token&ref=$REF&code=$CODE"
status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" --data "$body" "$URL/kaiji/status")
[[ $status == 303 ]] || { echo "the lookup answered $status, not 303" >&2; exit 1; }
cat >"$VAR/lookup.lua" <<LUA
wrk.method = "POST"
wrk.body = "$body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "kaiji_csrf=$csrf"
LUA

sup=$(<"$STACK/run/status.pid")
workers=$(ps -o pid= --ppid "$sup" | tr -d ' ' || true)
[[ $PROCS == 1 ]] && workers=$sup
wrk -t2 -c32 -d$((DURATION + 4))s --latency -s "$VAR/lookup.lua" "$URL/kaiji/status" \
	>"$VAR/wrk.txt" &
wrk_pid=$!
sleep 2
for w in $workers; do
	timeout -s INT "$DURATION" perf trace -e accept,accept4,write,fsync,fdatasync,nanosleep,clock_nanosleep,futex \
		-p "$w" -o "$VAR/trace.$w" >/dev/null 2>&1 &
done
sleep 1
for w in $workers; do
	{ ls -l "/proc/$w/fd" 2>/dev/null || true; } | awk -v w="$w" '/kaiji\.db(-wal)?$/ {
		n = split($NF, p, "/"); print w, $(NF - 2), p[n] }' >>"$VAR/fds"
done
wait $(jobs -p | grep -v "^$wrk_pid$") 2>/dev/null || true
wait "$wrk_pid"

echo "status processes: $PROCS, build: $BIN, $(date -u +%FT%TZ)"
for w in $workers; do
	echo "pid $w: $(awk '/^(VmRSS|RssAnon|Threads):/ { printf "%s %s ", $1, $2 }' "/proc/$w/status")"
done
grep -E 'Requests/sec|Non-2xx' "$VAR/wrk.txt" || true
for w in $workers; do
	awk -v w="$w" -v fds="$VAR/fds" '
	BEGIN {
		while ((getline l < fds) > 0) {
			split(l, f, " ")
			if (f[1] == w) name[f[2]] = f[3] == "kaiji.db" ? "db" : "wal"
		}
	}
	# "TIME ( DUR ms): status/TID call(fd: N, ...) = RET", without
	# "status/TID " when the process has one thread; a call that blocked
	# is two lines, "call(fd: N, ...) ..." and then "... [continued]:
	# call()) = RET".
	{
		tid = "-"
		if ($0 ~ /\): +status\/[0-9]+ /) {
			tid = $0; sub(/^.*status\//, "", tid); sub(/ .*/, "", tid)
		}
		call = $0; sub(/^[^)]*\): +(status\/[0-9]+ +)?/, "", call)
		cont = sub(/^\.\.\. \[continued\]: /, "", call)
		fn = call; sub(/\(.*/, "", fn)
		done = call ~ /\) += -?[0-9]+ *$/
		ret = call; sub(/.*\) += /, "", ret); ret += 0
		fd = call; sub(/^[a-z0-9]*\(fd: /, "", fd); sub(/[,)].*/, "", fd)
		# Until the first accept, where a call falls is not known.
		if (main == "" && fn !~ /^accept/) next
		if (main == "") main = tid
		if (fn ~ /^accept/ && tid == main) {
			if (done && ret >= 0) { conn = ret; inreq = 1; reqs++ }
			next
		}
		if (fn == "write" && !cont && tid == main && inreq && fd == conn) {
			inreq = 0
			next
		}
		dur = $0; sub(/^[^(]*\( */, "", dur); sub(/ ms\).*/, "", dur); dur += 0
		if (fn ~ /nanosleep$/ && tid == main && inreq) {
			sleeps += !cont
			sleep_ms += dur
			next
		}
		if (fn == "futex" && tid == main && inreq && (cont || call ~ /WAIT/)) {
			waits += !cont
			wait_ms += dur
			next
		}
		if ((fn != "fsync" && fn != "fdatasync") || cont) next
		file = (fd in name) ? name[fd] : "other"
		where = tid != main ? "thread" : inreq ? "before" : "after"
		n[where "," file]++
	}
	END {
		printf "pid %s: %d lookups; syncs before the response: db %d, wal %d; " \
		       "after it: db %d, wal %d; on the checkpoint thread: db %d, wal %d; " \
		       "before the response, busy-handler sleeps %d (%.0f ms), " \
		       "futex waits %d (%.0f ms)\n",
		       w, reqs, n["before,db"], n["before,wal"], n["after,db"],
		       n["after,wal"], n["thread,db"], n["thread,wal"], sleeps, sleep_ms,
		       waits, wait_ms
	}' "$VAR/trace.$w"
done
echo "kept in $VAR"
