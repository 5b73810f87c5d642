#!/usr/bin/env bash
# Instructions a request, page by page (callgrind): the figure that does
# not move with a shared machine's load. One stack (var/callgrind, the
# register seeded once and kept), then for each build given: the status
# and register programs stopped and run again from that build under
# valgrind --tool=callgrind on the stack's sockets, every page warmed up,
# and for each page CG_REQUESTS requests through nginx counted between
# two dumps. Prints "BUILD PAGE instructions/request" lines; the dumps
# stay in var/callgrind/out/ for callgrind_annotate.
#
#   bench/callgrind.sh [BIN...]        (default build/bin)
#
# A build whose bin/ has a templates/ beside it (e.g. `git archive OLD
# templates` unpacked there) renders those; otherwise the checkout's.
#
# Pages: status (the status page after a lookup), lookup (the lookup
# POST, 303), list, search (健康診査), detail; CG_PAGES chooses some.
# Environment: CG_ENTRIES (100000), CG_REQUESTS (200), CG_WARM (30),
# CG_TAG (the name of the build in the output; default its directory's
# parent, or the commit for build/bin).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VAR=$ROOT/var/callgrind
STACK=$VAR/stack
OUT=$VAR/out
ENTRIES=${CG_ENTRIES:-100000}
REQUESTS=${CG_REQUESTS:-200}
WARM=${CG_WARM:-30}
PAGES=${CG_PAGES:-"status lookup list search detail"}
BINS=("$@")
[[ ${#BINS[@]} -gt 0 ]] || BINS=("$ROOT/build/bin")
LIST="/kaiji/register"
SEARCH="/kaiji/register?q=%E5%81%A5%E5%BA%B7%E8%A8%BA%E6%9F%BB"
DETAIL="/kaiji/register/$((ENTRIES > 12345 ? 12345 : ENTRIES / 2 + 1))"
VG_PID=
# The programs' malloc setting as tools/stack and kaiji-spawn give it
# (glibc's tcache for 2000 freed blocks a size): the figure of the
# deployment, whatever the caller's environment.
case ${GLIBC_TUNABLES:-} in
*tcache_count*) ;;
'') export GLIBC_TUNABLES=glibc.malloc.tcache_count=2000 ;;
*) export GLIBC_TUNABLES=$GLIBC_TUNABLES:glibc.malloc.tcache_count=2000 ;;
esac

die() { echo "bench/callgrind: $*" >&2; exit 1; }

cleanup() {
	[[ -z $VG_PID ]] || { kill "$VG_PID" 2>/dev/null || true; wait "$VG_PID" 2>/dev/null || true; }
	KAIJI_VAR=$STACK "$ROOT/tools/stack" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stack_up() {
	local bin=$1 fresh=0 jar=$VAR/cookies token csrf
	[[ -f $STACK/kaiji.db && -f $VAR/case && $(cat "$VAR/entries" 2>/dev/null) == "$ENTRIES" ]] || fresh=1
	[[ $fresh == 0 ]] || rm -rf "$STACK"
	KAIJI_VAR=$STACK KAIJI_PORT=auto KAIJI_BIN=$bin KAIJI_PROCESSES=1 \
		"$ROOT/tools/stack" start >"$VAR/stack.log" 2>&1 || { cat "$VAR/stack.log" >&2; die "the stack did not start"; }
	URL=http://127.0.0.1:$(<"$STACK/port")
	if [[ $fresh == 1 ]]; then
		echo "seeding $ENTRIES register entries" >&2
		"$bin/kaijictl" -c "$STACK/kaiji.hdf" seed-demo --register "$ENTRIES" >/dev/null || die "seed-demo failed"
		"$bin/kaijictl" -c "$STACK/kaiji.hdf" case new --kind disclosure --agency mayor \
			--name "性能 測定" --received "$(date +%F)" >"$VAR/case"
		echo "$ENTRIES" >"$VAR/entries"
	fi
	read -r REF CODE <"$VAR/case"
	rm -f "$jar"
	token=$(curl -sf -c "$jar" "$URL/kaiji/status" | grep -o 'name="csrf" value="[0-9a-f]*"' |
		head -n 1 | sed 's/.*value="//; s/"$//')
	csrf=$(awk '$6 == "kaiji_csrf" { print $7 }' "$jar")
	BODY="csrf=$token&ref=$REF&code=$CODE"
	[[ $(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data "$BODY" "$URL/kaiji/status") == 303 ]] ||
		die "the lookup did not answer 303"
	CSRF_COOKIE="kaiji_csrf=$csrf"
	COOKIE="kaiji_csrf=$csrf; kaiji_lookup=$(awk '$6 == "kaiji_lookup" { print $7 }' "$jar")"
}

program_of() { [[ $1 == status || $1 == lookup ]] && echo status || echo register; }

# N requests of PAGE in one curl (one connection to nginx); each answer's
# status must be the page's.
hit() {
	local page=$1 n=$2 want=200 path args=() cfg=$VAR/curl.cfg i
	case $page in
	status) path=/kaiji/status/view args=(-H "Cookie: $COOKIE") ;;
	lookup) path=/kaiji/status args=(-H "Cookie: $CSRF_COOKIE" --data "$BODY") want=303 ;;
	list) path=$LIST ;;
	search) path=$SEARCH ;;
	detail) path=$DETAIL ;;
	esac
	: >"$cfg"
	for ((i = 0; i < n; i++)); do printf 'url = "%s"\noutput = "/dev/null"\n' "$URL$path" >>"$cfg"; done
	curl -s -K "$cfg" "${args[@]}" -w '%{http_code}\n' | sort | uniq -c |
		awk -v w="$want" -v n="$n" '$2 != w || $1 != n { bad = 1 } END { exit bad }' ||
		die "$page: not $n answers $want"
}

# Dumps the counts so far (callgrind zeroes them); COUNT: the dump's
# instructions.
COUNT=0
dump() {
	local f
	callgrind_control -d "$1" "$VG_PID" >/dev/null 2>&1
	DUMPS=$((DUMPS + 1))
	f=$OUT/$TAG.$PROG.$VG_PID.$DUMPS
	[[ -f $f ]] || die "no dump $f"
	COUNT=$(awk '/^(summary|totals):/ { print $2; exit }' "$f")
}

# The program of BIN under callgrind on the stack's socket, instead of the
# stack's own process.
program_start() {
	local bin=$1 sock=$STACK/run/$PROG.sock pid
	pid=$(<"$STACK/run/$PROG.pid")
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	rm -f "$sock"
	valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT/$TAG.$PROG.%p" \
		"$bin/$PROG" -c "$CONF" -s "$sock" -p 1 2>>"$VAR/valgrind.log" &
	VG_PID=$!
	DUMPS=0
	echo "$VG_PID" >"$STACK/run/$PROG.pid"
	for _ in $(seq 600); do [[ -S $sock ]] && break; sleep 0.1; done
	[[ -S $sock ]] || die "$PROG did not start under valgrind"
}

program_stop() {
	kill "$VG_PID" 2>/dev/null || true
	wait "$VG_PID" 2>/dev/null || true
	VG_PID=
}

measure() {
	local bin=$1 page mine=()
	for page in $PAGES; do [[ $(program_of "$page") == "$PROG" ]] && mine+=("$page"); done
	[[ ${#mine[@]} -gt 0 ]] || return 0
	program_start "$bin"
	for page in "${mine[@]}"; do hit "$page" 3; done # the keys and the index
	callgrind_control -i on "$VG_PID" >/dev/null 2>&1
	for page in "${mine[@]}"; do
		hit "$page" "$WARM"
		dump "warm-$page"
		hit "$page" "$REQUESTS"
		dump "$page"
		printf '%-12s %-7s %12d instructions/request\n' "$TAG" "$page" $((COUNT / REQUESTS))
	done
	program_stop
}

mkdir -p "$VAR" "$OUT"
command -v valgrind >/dev/null || die "valgrind is not installed"
stack_up "$(cd "${BINS[0]}" && pwd)"
for bin in "${BINS[@]}"; do
	bin=$(cd "$bin" && pwd)
	TAG=$(basename "$(dirname "$bin")")
	[[ $TAG == build ]] && TAG=$(git -C "$ROOT" rev-parse --short HEAD)
	TAG=${CG_TAG:-$TAG}
	rm -f "$OUT/$TAG".*
	# A build with templates/ beside its bin/ (an older checkout's) renders
	# its own templates.
	CONF=$STACK/kaiji.hdf
	if [[ -d $bin/../templates ]]; then
		CONF=$VAR/kaiji-$TAG.hdf
		{ cat "$STACK/kaiji.hdf"; echo "Kaiji.TemplateDir = $(cd "$bin/../templates" && pwd)"; } >"$CONF"
	fi
	for PROG in status register; do measure "$bin"; done
done
