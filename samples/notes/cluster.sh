#!/usr/bin/env bash
# Runs three instances of the notes sample as one dqlite cluster on 127.0.0.1.
# Being a local development cluster, it opens the actuator's write operations (snapshot, leader transfer)
# and health details, which the sample's own configuration keeps closed.
#
#   cluster.sh start    starts the nodes that are not running and returns once the cluster has a leader
#   cluster.sh stop     stops the nodes this script started (by their pid files) and waits for them to exit
#   cluster.sh status   prints each node's process and its view of the cluster
#
# Node N (1..3) serves HTTP on the Nth port of DQLITE_CLUSTER_HTTP_PORTS (default 8081 8082 8083), the
# dqlite wire protocol on the Nth of DQLITE_CLUSTER_WIRE_PORTS (9001 9002 9003) and Raft on the Nth of
# DQLITE_CLUSTER_RAFT_PORTS (10001 10002 10003: a member's default, its wire port + 1000). Its data
# (node-N/), log (node-N.log) and pid file (node-N.pid) are in DQLITE_CLUSTER_DIR (default
# samples/notes/target/cluster); a start after a stop resumes from that data. Other settings: DQLITE_CLUSTER_JAR (the application jar, built with Maven
# when missing), DQLITE_CLUSTER_START_TIMEOUT and DQLITE_CLUSTER_STOP_TIMEOUT (seconds, 180 and 30),
# JAVA (the java command) and JAVA_OPTS (default -Xmx256m -XX:+ExitOnOutOfMemoryError: a node out of
# memory exits, to be restarted, rather than limping on with threads that died).
set -euo pipefail

sample_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cluster_dir="${DQLITE_CLUSTER_DIR:-$sample_dir/target/cluster}"
read -r -a http_ports <<< "${DQLITE_CLUSTER_HTTP_PORTS:-8081 8082 8083}"
read -r -a wire_ports <<< "${DQLITE_CLUSTER_WIRE_PORTS:-9001 9002 9003}"
read -r -a raft_ports <<< "${DQLITE_CLUSTER_RAFT_PORTS:-10001 10002 10003}"
start_timeout="${DQLITE_CLUSTER_START_TIMEOUT:-180}"
stop_timeout="${DQLITE_CLUSTER_STOP_TIMEOUT:-30}"
java_cmd="${JAVA:-java}"
read -r -a java_opts <<< "${JAVA_OPTS:--Xmx256m -XX:+ExitOnOutOfMemoryError}"
nodes=(1 2 3)

fail() {
    echo "cluster.sh: $*" >&2
    exit 1
}

[[ ${#http_ports[@]} -eq 3 ]] || fail "DQLITE_CLUSTER_HTTP_PORTS needs 3 ports, got '${http_ports[*]}'"
[[ ${#wire_ports[@]} -eq 3 ]] || fail "DQLITE_CLUSTER_WIRE_PORTS needs 3 ports, got '${wire_ports[*]}'"
[[ ${#raft_ports[@]} -eq 3 ]] || fail "DQLITE_CLUSTER_RAFT_PORTS needs 3 ports, got '${raft_ports[*]}'"

http_url() { echo "http://127.0.0.1:${http_ports[$1 - 1]}"; }
pid_file() { echo "$cluster_dir/node-$1.pid"; }
log_file() { echo "$cluster_dir/node-$1.log"; }
data_dir() { echo "$cluster_dir/node-$1"; }

# Prints the pid of node $1 if its pid file names a live java process started for this node and cluster dir.
running_pid() {
    local file pid args
    file="$(pid_file "$1")"
    [[ -f $file ]] || return 1
    pid="$(<"$file")"
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    args="$(ps -ww -p "$pid" -o args= 2>/dev/null)" || return 1
    # the data directory argument is followed by the members, so the space ends it
    [[ $args == *java* && $args == *" --dqlite.data-directory=$(data_dir "$1") "* ]] || return 1
    echo "$pid"
}

find_jar() {
    local jar
    for jar in "$sample_dir"/target/dqlite-sample-notes-*.jar; do
        [[ -f $jar ]] && { echo "$jar"; return 0; }
    done
    return 1
}

application_jar() {
    if [[ -n ${DQLITE_CLUSTER_JAR:-} ]]; then
        [[ -f $DQLITE_CLUSTER_JAR ]] || fail "DQLITE_CLUSTER_JAR=$DQLITE_CLUSTER_JAR is not a file"
        echo "$DQLITE_CLUSTER_JAR"
        return
    fi
    if ! find_jar > /dev/null; then
        echo "Building the notes sample (mvn package)..." >&2
        (cd "$sample_dir/../.." && mvn -q -B -ntp -pl samples/notes -am package -DskipTests) >&2 \
            || fail "the build failed"
    fi
    find_jar || fail "no jar in $sample_dir/target after the build"
}

# Prints node $1's JSON from /actuator/dqlite, or fails.
cluster_view() {
    curl -fsS --max-time 3 "$(http_url "$1")/actuator/dqlite" 2>/dev/null
}

leader_of() { sed -n 's/.*"leader":{"id":"\([^"]*\)".*/\1/p' <<< "$1"; }
role_of() { grep -o '"role":"[^"]*"' <<< "$1" | head -n 1 | cut -d '"' -f 4; }

show_log_tails() {
    local n
    for n in "${nodes[@]}"; do
        echo "--- last lines of $(log_file "$n")" >&2
        tail -n 30 "$(log_file "$n")" >&2 2>/dev/null || true
    done
}

start() {
    local jar n pid deadline view leader agreed
    command -v curl > /dev/null || fail "curl is needed to wait for the cluster"
    jar="$(application_jar)"
    mkdir -p "$cluster_dir"
    local i
    local -a members=()
    for i in 0 1 2; do
        members+=("--dqlite.members[$i].id=${nodes[$i]}"
            "--dqlite.members[$i].address=127.0.0.1:${wire_ports[$i]}"
            "--dqlite.members[$i].raft-address=127.0.0.1:${raft_ports[$i]}")
    done
    for n in "${nodes[@]}"; do
        if pid="$(running_pid "$n")"; then
            echo "node $n is already running (pid $pid)"
            continue
        fi
        mkdir -p "$(data_dir "$n")"
        nohup "$java_cmd" ${java_opts[@]+"${java_opts[@]}"} -jar "$jar" \
            "--server.port=${http_ports[$n - 1]}" \
            "--dqlite.node-id=$n" \
            "--management.endpoint.dqlite.access=unrestricted" \
            "--management.endpoint.health.show-details=always" \
            "--dqlite.data-directory=$(data_dir "$n")" \
            "${members[@]}" \
            < /dev/null >> "$(log_file "$n")" 2>&1 &
        echo $! > "$(pid_file "$n")"
        echo "node $n started (pid $!, $(http_url "$n"), wire 127.0.0.1:${wire_ports[$n - 1]}, log $(log_file "$n"))"
    done

    deadline=$((SECONDS + start_timeout))
    while true; do
        agreed=""
        for n in "${nodes[@]}"; do
            running_pid "$n" > /dev/null || { show_log_tails; fail "node $n exited during start-up"; }
            view="$(cluster_view "$n")" || { agreed=""; break; }
            leader="$(leader_of "$view")"
            if [[ -z $leader || ( -n $agreed && $leader != "$agreed" ) ]]; then
                agreed=""
                break
            fi
            agreed="$leader"
        done
        if [[ -n $agreed ]]; then
            echo "cluster is up: node $agreed leads"
            return 0
        fi
        if ((SECONDS >= deadline)); then
            show_log_tails
            fail "no agreed leader after ${start_timeout}s; the nodes are left running for inspection ('$0 stop' ends them)"
        fi
        sleep 1
    done
}

stop() {
    local n pid deadline
    local -a pids=()
    for n in "${nodes[@]}"; do
        if pid="$(running_pid "$n")"; then
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$pid")
            echo "node $n: stopping (pid $pid)"
        else
            echo "node $n: not running"
            rm -f "$(pid_file "$n")"
        fi
    done
    deadline=$((SECONDS + stop_timeout))
    for n in "${nodes[@]}"; do
        pid="$(running_pid "$n")" || { rm -f "$(pid_file "$n")"; continue; }
        while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
            sleep 0.2
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "node $n: still running after ${stop_timeout}s, killing pid $pid" >&2
            kill -KILL "$pid" 2>/dev/null || true
            while kill -0 "$pid" 2>/dev/null; do
                sleep 0.1
            done
        fi
        rm -f "$(pid_file "$n")"
    done
    [[ ${#pids[@]} -eq 0 ]] || echo "stopped"
}

status() {
    local n pid view
    for n in "${nodes[@]}"; do
        if pid="$(running_pid "$n")"; then
            if view="$(cluster_view "$n")"; then
                echo "node $n: running (pid $pid) $(http_url "$n") role=$(role_of "$view") leader=$(leader_of "$view")"
            else
                echo "node $n: running (pid $pid) $(http_url "$n") not answering yet"
            fi
        else
            echo "node $n: stopped"
        fi
    done
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
