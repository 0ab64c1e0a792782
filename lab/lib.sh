# Shared helpers for the lab scripts; sourced, never executed.
# shellcheck shell=bash

LAB_DIR=${LAB_DIR:-/tmp/sth-lab}
LAB_NS_PREFIX=sthlab-
LAB_LINK_PREFIX=sthl-
LAB_SUDOERS=/etc/sudoers.d/sthlab
LAB_JUMP_USER=sthjump
LAB_BENCH_USER=sthbench
# Everything the lab uses lives inside this prefix; the root namespace gets an unreachable
# route for it so nothing addressed to the lab can ever leave through the default route.
LAB_PREFIX=10.77.0.0/16
LAB_CTRL_ADDR=10.77.0.1
LAB_JUMP_ADDR=10.77.0.2
LAB_JUMP_BRIDGE_ADDR=10.77.1.1
LAB_DIRECT_BRIDGE_ADDR=10.77.2.1
LAB_MAX_HOSTS=50

# lab/cluster-up (issue 21): controllers and brokers of one work root in namespaces of their own
CLUSTER_NS_PREFIX=sthc-
CLUSTER_JUMP_ADDR=10.77.9.2
cluster_broker_addr() { echo "10.77.8.$((20 + $1))"; }
cluster_controller_addr() { echo "10.77.$2.$((10 + $1))"; } # I net: 8 broker network, 9 lab network

lab_log() { printf '[lab] %s\n' "$*" >&2; }
lab_die() { printf '[lab] ERROR: %s\n' "$*" >&2; exit 1; }

lab_require_root() {
  [[ $(id -u) -eq 0 ]] || lab_die "must run as root (network namespaces, users, sudoers)"
}

lab_target_addr() { echo "10.77.1.$((10 + $1))"; }
lab_direct_addr() { echo "10.77.2.$((10 + $1))"; }

# Accepts lab-t1, sthlab-t1, t1, jump, lab-jump, sthlab-jump and prints the namespace name.
lab_ns_for() {
  local name=$1
  name=${name#sthlab-}
  name=${name#lab-}
  [[ $name =~ ^(jump|t[0-9]+|d[0-9]+)$ ]] || lab_die "unknown lab host '$1' (expected lab-jump, lab-tN or lab-dN)"
  echo "${LAB_NS_PREFIX}${name}"
}

lab_host_dir() { echo "$LAB_DIR/hosts/$1"; }

lab_record() { # file line: append once
  local file="$LAB_DIR/state/$1" line=$2
  mkdir -p "$LAB_DIR/state"
  grep -qxF -- "$line" "$file" 2>/dev/null || echo "$line" >>"$file"
}

# True when PID is an sshd started from a config inside this lab's state dir.
lab_is_lab_sshd() {
  local pid=$1 cmd
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline")
  [[ $cmd == *sshd* && $cmd == *"$LAB_DIR/hosts/"* ]]
}

# A zombie counts as gone: its parent (often this machine's init) may reap it only much later.
lab_alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

# Sends TERM, waits at most ~3 s, then KILL; only ever called with PIDs we recorded or
# PIDs living inside our own namespaces.
lab_kill_pid() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 30; i++)); do
    lab_alive "$pid" || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

lab_wait_port() { # ns addr: waits at most ~5 s for sshd to accept connections
  local ns=$1 addr=$2 i
  for ((i = 0; i < 50; i++)); do
    if ip netns exec "$ns" timeout 1 bash -c "</dev/tcp/$addr/22" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# Runs inside a host's own mount namespace (ip netns exec makes one, slave to the root one, so nothing
# mounted here is seen outside): hides each named tool by laying an overlay with a whiteout for it over
# every PATH directory that holds it. The tool is then absent for everything that host's sshd starts
# (command -v fails, exactly as on a host without the package); the real files are untouched.
lab_hide_tools() { # state_dir tool...
  local base=$1 dir real i=0 tool
  shift
  (($# > 0)) || return 0
  mount -t tmpfs sthlab-hide "$base" || return 1
  local -A seen=()
  for dir in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
    real=$(readlink -f "$dir") || continue
    [[ -d $real && -z ${seen[$real]:-} ]] || continue
    seen[$real]=1
    local hits=()
    for tool in "$@"; do
      [[ -e $real/$tool || -L $real/$tool ]] && hits+=("$tool")
    done
    ((${#hits[@]} > 0)) || continue
    i=$((i + 1))
    mkdir -p "$base/$i/upper" "$base/$i/work"
    for tool in "${hits[@]}"; do mknod "$base/$i/upper/$tool" c 0 0 || return 1; done
    mount -t overlay sthlab-hide -o "lowerdir=$real,upperdir=$base/$i/upper,workdir=$base/$i/work" "$real" || return 1
  done
}

lab_start_sshd() { # ns
  local ns=$1 dir pid addr
  dir=$(lab_host_dir "$ns")
  [[ -f $dir/sshd_config ]] || lab_die "no sshd_config for $ns in $dir (is the lab up?)"
  addr=$(cat "$dir/addr")
  if [[ -f $dir/sshd.pid ]] && lab_is_lab_sshd "$(cat "$dir/sshd.pid")"; then
    lab_log "$ns: sshd already running (pid $(cat "$dir/sshd.pid"))"
    return 0
  fi
  rm -f "$dir/sshd.pid"
  mkdir -p /run/sshd && chmod 755 /run/sshd
  # ip netns exec, unshare (no --fork) and bash all exec in place, so $! is sshd's own PID;
  # setsid detaches it from the caller's session so it outlives the script. The private UTS
  # namespace gives each host its own hostname (lab-t1, ...) for the system-info benchmark.
  # hidden_tools (written by lab/up from LAB_HIDE_TOOLS) lists tools this host must not have.
  local hidden=""
  [[ -f $dir/hidden_tools ]] && hidden=$(cat "$dir/hidden_tools")
  mkdir -p "$dir/hide"
  # shellcheck disable=SC2016
  setsid ip netns exec "$ns" unshare --uts /bin/bash -c \
    'source "$4" && hostname "$1" && lab_hide_tools "$5" $6 && exec /usr/sbin/sshd -f "$2" -D -E "$3"' bash \
    "lab-${ns#"$LAB_NS_PREFIX"}" "$dir/sshd_config" "$dir/sshd.log" "${BASH_SOURCE[0]}" "$dir/hide" "$hidden" \
    </dev/null >>"$dir/sshd.stdout" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/sshd.pid"
  lab_record pids "$pid"
  if ! lab_wait_port "$ns" "$addr"; then
    tail -n 20 "$dir/sshd.log" >&2 || true
    lab_die "$ns: sshd did not start listening on $addr:22"
  fi
  lab_log "$ns: sshd pid $pid listening on $addr:22${hidden:+ (hidden tools: $hidden)}"
}

lab_stop_sshd() { # ns
  local ns=$1 dir pid
  dir=$(lab_host_dir "$ns")
  if [[ -f $dir/sshd.pid ]]; then
    pid=$(cat "$dir/sshd.pid")
    if lab_is_lab_sshd "$pid"; then
      lab_kill_pid "$pid"
      lab_log "$ns: stopped sshd pid $pid"
    fi
    rm -f "$dir/sshd.pid"
  fi
}
