#!/bin/sh
# Usage: sh run.sh OUTDIR
# Runs the system-info capture commands, one output file each, and lists every capture with its
# exit code in OUTDIR/captures.tsv. A missing tool is recorded (exit 127), never fatal: the
# controller decides what a complete capture is.
set -u
out=${1:?usage: run.sh OUTDIR}
mkdir -p "$out" || exit 1
printf 'name\texit_code\tcommand\n' > "$out/captures.tsv"

cap() {
    name=$1
    shift
    if command -v "$1" >/dev/null 2>&1; then
        "$@" > "$out/$name.txt" 2> "$out/$name.err"
        rc=$?
    else
        rc=127
        echo "$1: command not found" > "$out/$name.err"
    fi
    [ -s "$out/$name.err" ] || rm -f "$out/$name.err"
    printf '%s\t%s\t%s\n' "$name" "$rc" "$*" >> "$out/captures.tsv"
}

cap uname uname -a
cap os-release cat /etc/os-release
cap lscpu lscpu
cap cpuinfo cat /proc/cpuinfo
cap meminfo cat /proc/meminfo
cap lsblk lsblk
cap df df -Pk
cap numactl numactl --hardware
cap lstopo lstopo-no-graphics --of console
cap ip ip -brief address
cap lspci lspci
exit 0
