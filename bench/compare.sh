#!/usr/bin/env bash
# Compares ftd-syslog with the tools a user would pick instead, on this machine, in one run:
#
#   parse     `ftd-syslog parse` (JSON lines to /dev/null; also --jobs 1 and --jobs N when the
#             command has --jobs) against liblognorm's `lognormalizer` with the rulebase that
#             `ftd-syslog export lognorm` writes, over the same file of simulated lines;
#   simulate  `ftd-syslog simulate` to /dev/null, and over TCP into a null sink
#             (bench/null-sink) against syslog-ng's load generator `loggen`, into the same sink,
#             both with lines of the same size and with the simulated file replayed.
#
# Each figure is the best of 3 runs. Over TCP the time is the sink's, from accepting the
# connection to its end, and the sink's count of lines must be the count sent. Not run by CI:
# the figures depend on the machine and on what else runs on it.
#
# Installs what it needs on Debian 12: liblognorm-utils (apt-get), and syslog-ng-core unpacked
# under target/ (syslog-ng conflicts with rsyslog, so it is not installed).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

usage() {
    cat <<'EOF'
Usage: bench/compare.sh [--lines N] [--quick]

  --lines N   lines per run (default 1000000; at least the number of catalog messages)
  --quick     a smoke run of 20000 lines
  -h, --help  this text
EOF
}

LINES=1000000
RUNS=3
while [ $# -gt 0 ]; do
    case $1 in
        --lines)
            [ $# -ge 2 ] || { usage >&2; exit 2; }
            LINES=$2
            shift 2
            ;;
        --quick) LINES=20000; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "compare.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
case $LINES in
    '' | *[!0-9]*) echo "compare.sh: --lines needs a whole number, not '$LINES'" >&2; exit 2 ;;
esac

fail() {
    echo "compare.sh: $*" >&2
    exit 1
}

# -- where the figures come from ------------------------------------------------------------

machine() {
    local cpu memory
    cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
    memory=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
    echo "== machine"
    echo "cpus:    $(nproc) (${cpu:-unknown model})"
    echo "memory:  $memory"
    echo "system:  $(uname -sr), load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
    echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ), $(git rev-parse --short HEAD 2>/dev/null || echo 'no git')"
}

# -- tools ----------------------------------------------------------------------------------

# shellcheck source=.ci/syslog-ng-core
. .ci/syslog-ng-core
SYSLOG_NG_DIR=$ROOT/target/syslog-ng-core

install_tools() {
    if ! command -v lognormalizer >/dev/null 2>&1; then
        echo "== installing liblognorm-utils (lognormalizer)"
        local root=()
        [ "$(id -u)" -eq 0 ] || root=(sudo)
        "${root[@]}" apt-get update -qq
        "${root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq liblognorm-utils >/dev/null
    fi
    if ! syslog_ng_core_run "$SYSLOG_NG_DIR" loggen --help-all >/dev/null 2>&1; then
        echo "== unpacking syslog-ng-core (loggen) into target/syslog-ng-core"
        syslog_ng_core_unpack "$SYSLOG_NG_DIR"
        syslog_ng_core_run "$SYSLOG_NG_DIR" loggen --help-all >/dev/null \
            || fail "loggen from syslog-ng-core does not start (see above)"
    fi
}

build() {
    echo "== building ftd-syslog (release) and bench/null-sink"
    cargo build -q --release --locked -p ftd-syslog-cli || fail "building ftd-syslog failed"
    cargo build -q --release --locked --manifest-path bench/null-sink/Cargo.toml \
        --target-dir target/null-sink || fail "building bench/null-sink failed"
    FTD=$ROOT/target/release/ftd-syslog
    SINK=$ROOT/target/null-sink/release/null-sink
}

# -- measuring ------------------------------------------------------------------------------

WORK=$ROOT/target/bench
LOG=$WORK/tool.log
ELAPSED=0
ROWS=()

# Runs a command with its standard error in $LOG; sets ELAPSED to its wall time in seconds and
# fails, showing that error, when the command fails.
timed() {
    local start end
    start=$(date +%s%N)
    if ! "$@" 2>"$LOG"; then
        cat "$LOG" >&2
        fail "failed: $*"
    fi
    end=$(date +%s%N)
    ELAPSED=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.6f", ns / 1e9 }')
}

# best_of GROUP LABEL BYTES MEASURE [ARG...]: runs MEASURE (which sets ELAPSED) $RUNS times,
# keeps the shortest time and adds a row: LINES lines and BYTES bytes in that time.
best_of() {
    local group=$1 label=$2 bytes=$3 best='' run
    shift 3
    for ((run = 1; run <= RUNS; run++)); do
        "$@"
        if [ -z "$best" ] || awk -v a="$ELAPSED" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$ELAPSED
        fi
    done
    printf '   %-58s best %8.3f s\n' "$label" "$best"
    ROWS+=("$group|$label|$best|$bytes")
}

# The table: per row lines/s, MiB/s and the ratio to the group's first row (ftd-syslog).
table() {
    echo
    echo "== results: $LINES lines per run, best of $RUNS (noisy on a shared machine)"
    printf '%s\n' "${ROWS[@]}" | awk -F '|' -v lines="$LINES" '
        BEGIN { printf "%-10s %-58s %14s %9s %13s\n", "", "tool", "lines/s", "MiB/s", "x ftd-syslog" }
        {
            rate = lines / $3
            if ($1 != group) { if (NR > 1) print ""; group = $1; first = rate }
            mib = $4 > 0 ? sprintf("%.1f", $4 / $3 / 1048576) : "-"
            printf "%-10s %-58s %14s %9s %13.2f\n", $1, $2, commas(int(rate + 0.5)), mib, rate / first
        }
        function commas(n,   s) {
            s = sprintf("%d", n)
            while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]([,]|$)/, ",&", s)
            return s
        }'
}

# -- input ----------------------------------------------------------------------------------

# The lines every comparison reads: every catalog message once, then random ones, seeded.
SIMULATE_ARGS=()
make_input() {
    local messages
    messages=$("$FTD" simulate --all --seed 1 -q | wc -l)
    [ "$LINES" -ge "$messages" ] \
        || fail "--lines $LINES is fewer than the $messages catalog messages each run must cover"
    SIMULATE_ARGS=(--all --count "$LINES" --seed 1 -q)
    rm -rf "$WORK"
    mkdir -p "$WORK"
    INPUT=$WORK/lines.log
    RULEBASE=$WORK/ftd.rulebase
    "$FTD" simulate "${SIMULATE_ARGS[@]}" -o "$INPUT" || fail "simulate could not write $INPUT"
    "$FTD" export lognorm -o "$RULEBASE" || fail "export lognorm could not write $RULEBASE"
    INPUT_BYTES=$(stat -c %s "$INPUT")
    local written
    written=$(wc -l <"$INPUT")
    [ "$written" -eq "$LINES" ] || fail "simulate wrote $written lines, not $LINES"
    echo "== input: $LINES lines ($messages catalog messages, then random ones; seed 1),"
    echo "   $INPUT_BYTES bytes, $((INPUT_BYTES / LINES)) bytes a line on average"
}

# -- comparison 1: parse --------------------------------------------------------------------

parse_file() { "$FTD" parse "$@" "$INPUT" >/dev/null; }
lognormalize_file() { lognormalizer -r "$RULEBASE" -e json -T <"$INPUT" >/dev/null; }

# What each tool made of the lines, from one run that is not timed: a tool that gives up on
# lines is fast for the wrong reason.
parse_coverage() {
    local stats exact counts normalized unparsed
    stats=$("$FTD" parse --stats=json "$INPUT" 2>&1 >/dev/null) || fail "parse --stats failed: $stats"
    # The top-level count, not the per-id ones in "ids".
    exact=$(sed -e 's/"ids":\[[^]]*\]//' -e 's/.*"exact":\([0-9]*\).*/\1/' <<<"$stats")
    counts=$(
        lognormalizer -r "$RULEBASE" -e json -T <"$INPUT" 2>"$LOG" \
            | awk '/"unparsed-data"/ { unparsed++ } END { print NR, unparsed + 0 }'
        exit "${PIPESTATUS[0]}"
    ) || { cat "$LOG" >&2; fail "lognormalizer failed on $INPUT"; }
    read -r normalized unparsed <<<"$counts"
    if [ -s "$LOG" ] || [ "$normalized" -ne "$LINES" ]; then
        cat "$LOG" >&2
        fail "lognormalizer wrote $normalized records for $LINES lines"
    fi
    echo "   ftd-syslog parse reads $exact of $LINES lines exactly;" \
        "lognormalizer leaves $unparsed unparsed"
}

# Whether this ftd-syslog's parse takes --jobs (the help is read whole: a reader that stops at
# the first match would cut the help short and fail the pipeline).
parse_has_jobs() {
    local help
    help=$("$FTD" parse --help) || fail "ftd-syslog parse --help failed"
    grep -q -e '--jobs' <<<"$help"
}

compare_parse() {
    echo "== parse: the same $LINES lines into JSON lines, to /dev/null"
    parse_coverage
    best_of parse "ftd-syslog parse" "$INPUT_BYTES" timed parse_file
    if parse_has_jobs; then
        best_of parse "ftd-syslog parse --jobs 1" "$INPUT_BYTES" timed parse_file --jobs 1
        best_of parse "ftd-syslog parse --jobs $(nproc)" "$INPUT_BYTES" timed parse_file --jobs "$(nproc)"
    else
        echo "   (this ftd-syslog has no parse --jobs: the single and multi-job runs are skipped)"
    fi
    best_of parse "lognormalizer -e json -T (export lognorm rulebase)" "$INPUT_BYTES" \
        timed lognormalize_file
}

# -- comparison 2: simulate -----------------------------------------------------------------

simulate_null() { "$FTD" simulate "${SIMULATE_ARGS[@]}" >/dev/null; }

SINK_PID=''
SINK_OUT=$WORK/sink.out
CONNECTIONS=0
stop_sink() {
    if [ -n "$SINK_PID" ]; then
        kill "$SINK_PID" 2>/dev/null || true
        wait "$SINK_PID" 2>/dev/null || true
        SINK_PID=''
    fi
}
trap stop_sink EXIT

# Starts the sink for COUNT connections; sets PORT.
start_sink() {
    local count=$1 waited
    SINK_OUT=$WORK/sink.out
    "$SINK" --connections "$count" --timeout 1800 >"$SINK_OUT" &
    SINK_PID=$!
    for ((waited = 0; waited < 100; waited++)); do
        PORT=$(sed -n 's/^listening 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$SINK_OUT")
        [ -n "$PORT" ] && return
        sleep 0.05
    done
    fail "the null sink did not start listening"
}

# tcp_send EXPECTED_BYTES SENDER [ARG...]: runs the sender, then reads the sink's report of the
# connection; sets ELAPSED to the sink's time and fails unless all $LINES lines (and, when
# EXPECTED_BYTES is not 0, that many bytes) arrived.
tcp_send() {
    local expected_bytes=$1 report='' waited bytes lines
    shift
    CONNECTIONS=$((CONNECTIONS + 1))
    if ! "$@" 2>"$LOG"; then
        cat "$LOG" >&2
        fail "failed: $*"
    fi
    for ((waited = 0; waited < 600; waited++)); do
        report=$(grep "^connection $CONNECTIONS: " "$SINK_OUT" || true)
        [ -n "$report" ] && break
        sleep 0.05
    done
    [ -n "$report" ] || { cat "$LOG" >&2; fail "the sink saw no end of connection $CONNECTIONS from: $*"; }
    read -r _ _ bytes _ lines _ ELAPSED _ <<<"$report"
    if [ "$lines" -ne "$LINES" ] || { [ "$expected_bytes" -ne 0 ] && [ "$bytes" -ne "$expected_bytes" ]; }; then
        cat "$LOG" >&2
        fail "the sink received $lines lines ($bytes bytes), not $LINES lines from: $*"
    fi
}

simulate_tcp() { "$FTD" simulate "${SIMULATE_ARGS[@]}" --tcp "127.0.0.1:$PORT" --framing lf; }

# loggen sends at the highest rate it can, until --number lines (--permanent lifts its default
# 10-second limit); it exits 0 even when it cannot connect, so the sink's count is what says
# the lines arrived.
LOGGEN_RATE=1000000000
loggen_sized() {
    syslog_ng_core_run "$SYSLOG_NG_DIR" loggen --quiet --inet --stream --permanent \
        --rate "$LOGGEN_RATE" --number "$LINES" --size "$((INPUT_BYTES / LINES))" 127.0.0.1 "$PORT"
}
loggen_replay() {
    syslog_ng_core_run "$SYSLOG_NG_DIR" loggen --quiet --inet --stream --permanent \
        --rate "$LOGGEN_RATE" --number "$LINES" --read-file "$INPUT" --dont-parse 127.0.0.1 "$PORT"
}

compare_simulate() {
    echo "== simulate: $LINES lines"
    best_of simulate "ftd-syslog simulate > /dev/null" "$INPUT_BYTES" timed simulate_null
    echo "== simulate over TCP (LF framing) into bench/null-sink, timed by the sink"
    start_sink $((3 * RUNS))
    best_of tcp "ftd-syslog simulate --tcp --framing lf" "$INPUT_BYTES" \
        tcp_send "$INPUT_BYTES" simulate_tcp
    best_of tcp "loggen, generated lines of $((INPUT_BYTES / LINES)) bytes" \
        "$(((INPUT_BYTES / LINES) * LINES))" tcp_send "$(((INPUT_BYTES / LINES) * LINES))" loggen_sized
    best_of tcp "loggen --read-file (the simulated lines replayed)" "$INPUT_BYTES" \
        tcp_send "$INPUT_BYTES" loggen_replay
    wait "$SINK_PID" || fail "the null sink failed (see above)"
    SINK_PID=''
}

machine
install_tools
build
make_input
compare_parse
compare_simulate
table
