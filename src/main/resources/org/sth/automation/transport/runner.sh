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
  # the runner ended meanwhile and removed its directory: nobody reads the result (and the lock can never be taken)
  until mkdir "$d/lock" 2>/dev/null; do [ -d "$d" ] || exit 0; sleep 0.01 2>/dev/null || sleep 1; done
  # one wc for both sizes (by the ids' names: the folder's path may hold spaces), one rm for the files and the lock
  # (released once they are gone): each process a command costs is a fork and an exec on the host, thousands a campaign
  cd "$d" 2>/dev/null || exit 0
  set -- "$1" "$r" $(wc -c "$1.o" "$1.e" 2>/dev/null)
  if [ "$4" != "$1.o" ] || [ "$6" != "$1.e" ]; then
    # a file the command's redirection could not create (a full disk): each counted alone, a missing one as empty (cat
    # sends nothing for it), so the frame's sizes are always what follows it
    set -- "$1" "$2" "$(wc -c 2>/dev/null <"$1.o" || echo 0)" - "$(wc -c 2>/dev/null <"$1.e" || echo 0)"
  fi
  printf 'e %s %s %s %s\n' "$1" "$2" "$(($3))" "$(($5))"
  cat "$1.o" "$1.e" 2>/dev/null
  rm -rf "$1.o" "$1.e" "$1.p" lock
}
echo "H 1 $$"
while IFS= read -r l; do
  case $l in
    'r '*) set -f; set -- $l; set +f; job "$2" "$3" "$4" "$5" & ;;
    'p '*) printf 'P %s\n' "${l#p }" ;;
    q) break ;;
  esac
done
