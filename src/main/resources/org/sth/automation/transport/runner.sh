# sth-bench-automation's per-host runner (docs/transport.md, "One shell per host"). Started once per connection as
# `sh -c <this> sth-runner`; reads one command per line on stdin and answers each with a framed result on stdout.
# Nothing is installed: its files live in a private mktemp directory removed when it ends.
#   in:  p <nonce>                           (the first line: proves the runner reads its input)
#        r <id> <token> <command> <stdin|->   (command and stdin: octal escapes, decoded by printf %b)
#        q                                   (quit)
#   out: H 1 <pid>                           (started)    N <reason> (cannot run: the engine falls back)
#        P <nonce>                           (ready)
#        e <id> <exit> <stdout bytes> <stderr bytes>, then those bytes
# Each command runs in /bin/bash -c in a session (and process group) of its own, with STH_CMD_ID=<token> in its
# environment. When stdin ends (the controller closed the channel, died, or lost the link), every command still running
# is ended: TERM to its group, KILL after a second.
umask 077
command -v setsid >/dev/null 2>&1 || { echo "N setsid is not installed"; exit 0; }
[ -x /bin/bash ] || { echo "N /bin/bash is not installed"; exit 0; }
d=$(mktemp -d "${TMPDIR:-/tmp}/sth-runner.XXXXXXXX" 2>/dev/null) || { echo "N cannot create a private directory in ${TMPDIR:-/tmp}"; exit 0; }
groups() { for f in "$d"/*.p; do [ -f "$f" ] && read -r g <"$f" && printf '%s\n' "$g"; done; }
finish() {
  # ending already (stdin closed, or a signal): a TERM that follows the hang-up must not cut the clean-up short
  trap - EXIT
  trap '' HUP INT TERM PIPE
  left=$(groups)
  if [ -n "$left" ]; then
    for g in $left; do kill -s TERM -- "-$g" 2>/dev/null; done
    sleep 1
    for g in $left; do kill -s KILL -- "-$g" 2>/dev/null; done
  fi
  rm -rf "$d"
}
trap finish EXIT
trap 'exit 1' HUP INT TERM PIPE
job() {
  o="$d/$1.o" e="$d/$1.e"
  c=$(printf '%b' "$3")
  if [ "$4" = - ]; then
    STH_CMD_ID=$2 PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin" setsid /bin/bash -c "$c" </dev/null >"$o" 2>"$e" &
  else
    printf '%b' "$4" | STH_CMD_ID=$2 PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin" setsid /bin/bash -c "$c" >"$o" 2>"$e" &
  fi
  p=$!
  printf '%s\n' "$p" >"$d/$1.p"
  wait "$p"
  r=$?
  # the runner ended meanwhile and removed its directory: nobody reads the result
  cd "$d" 2>/dev/null || exit 0
  # both sizes from one wc, read back by the shell itself (the ids' names: the folder's path may hold spaces); each
  # process a command costs is a fork and an exec on the host, thousands a campaign
  wc -c "$1.o" "$1.e" >|"$1.w" 2>/dev/null
  [ -f "$1.w" ] && { read -r a x && read -r b y; } 2>/dev/null <"$1.w"
  if [ "$x" != "$1.o" ] || [ "$y" != "$1.e" ]; then
    # a file the command's redirection could not create (a full disk): each counted alone, a missing one as empty (cat
    # sends nothing for it), so the frame's sizes are always what follows it
    a=$(wc -c 2>/dev/null <"$1.o" || echo 0) b=$(wc -c 2>/dev/null <"$1.e" || echo 0)
  fi
  # the frame lock: a file made by the shell's noclobber redirection (an exclusive create: no process), released by the
  # one rm that also drops the job's files; the runner ended meanwhile (its directory gone): the lock can never be taken.
  # `true`, not `:`: a failed redirection of a special built-in ends a POSIX shell, and a taken lock fails it
  set -C
  until { true >lock; } 2>/dev/null; do [ -d "$d" ] || exit 0; sleep 0.01 2>/dev/null || sleep 1; done
  printf 'e %s %s %s %s\n' "$1" "$r" "$((a))" "$((b))"
  [ $((a + b)) -eq 0 ] || cat "$1.o" "$1.e" 2>/dev/null
  rm -f "$1.o" "$1.e" "$1.p" "$1.w" lock
}
echo "H 1 $$"
while IFS= read -r l; do
  case $l in
    'r '*) set -f; set -- $l; set +f; job "$2" "$3" "$4" "$5" & ;;
    'p '*) printf 'P %s\n' "${l#p }" ;;
    q) break ;;
  esac
done
