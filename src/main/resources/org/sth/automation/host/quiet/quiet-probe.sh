# quiet-host probe (docs/integrity.md): one line per fact, a tag first; "U <probe> <reason>" for a fact it cannot read.
# Reads /proc and /sys with shell builtins only; the CPU use of each process is the change of its ticks over the window.
exec 2>/dev/null; w=${QUIET_WINDOW:-1}; cd /proc 2>/dev/null || { echo "U proc /proc is not readable"; exit 0; }
echo "V 1"; echo "I token ${STH_CMD_ID:--}"; echo "I user $(id -un 2>/dev/null || echo "${USER:--}")"
echo "T $(getconf CLK_TCK 2>/dev/null || echo 100)"
read -r l </proc/loadavg 2>/dev/null && echo "L $l" || echo "U load /proc/loadavg is not readable"
n=0; c1=; while read -r k r; do case $k in cpu) c1=$r;; cpu[0-9]*) n=$((n+1));; esac; done </proc/stat; echo "N $n"
t=(); for f in [0-9]*/stat; do read -r s <"$f" 2>/dev/null || continue; p=${f%/stat}; s=${s##*) }; set -- $s; t[$p]=$((${12}+${13})); done
sleep "$w" 2>/dev/null || sleep 1
c2=; while read -r k r; do [ "$k" = cpu ] && { c2=$r; break; }; done </proc/stat; echo "S $c1"; echo "S $c2"
for f in [0-9]*/stat; do
  read -r s <"$f" 2>/dev/null || continue; p=${f%/stat}; c=${s#*(}; c=${c%)*}; s=${s##*) }; set -- $s; c=${c//[^[:print:]]/?}
  d=$((${12}+${13}-${t[$p]:-0})); [ "$d" -gt 0 ] || continue
  k=-; if [ -r "$p/environ" ]; then while IFS= read -r -d '' v; do case $v in STH_CMD_ID=*) k=${v#STH_CMD_ID=}; break;; esac; done <"$p/environ" 2>/dev/null; fi
  o=other; [ -O "$p" ] && o=self; echo "R $p $d $o $k $c"
  if [ "$k" != - ]; then while read -r a b; do [ "$a" = Cpus_allowed_list: ] && { echo "A $p $k $b"; break; }; done <"$p/status" 2>/dev/null; fi
done
while read -r k v u; do case $k in MemTotal:|MemAvailable:|SwapTotal:|SwapFree:) echo "M ${k%:} $v";; esac; done </proc/meminfo
for r in memory cpu; do if read -r l <"/proc/pressure/$r" 2>/dev/null; then echo "P $r $l"; else echo "U pressure_$r /proc/pressure/$r is not readable (kernel without PSI, or a container)"; fi; done
q=0; for d in /sys/devices/system/cpu/cpu[0-9]*; do
  [ -d "$d/cpufreq" ] || continue; q=$((q+1)); g=-; c=-; m=-; x=-
  read -r g <"$d/cpufreq/scaling_governor" 2>/dev/null; read -r c <"$d/cpufreq/scaling_cur_freq" 2>/dev/null
  read -r m <"$d/cpufreq/cpuinfo_max_freq" 2>/dev/null; read -r x <"$d/cpufreq/scaling_max_freq" 2>/dev/null
  echo "F ${d##*/cpu} $g $c $m $x"
done; [ "$q" -gt 0 ] || echo "U frequency no /sys/devices/system/cpu/cpu*/cpufreq (no cpufreq driver: a VM, a container or a fixed clock)"
b=; if read -r b </sys/devices/system/cpu/cpufreq/boost 2>/dev/null; then echo "B boost $b"
elif read -r b </sys/devices/system/cpu/intel_pstate/no_turbo 2>/dev/null; then echo "B no_turbo $b"
elif read -r b </sys/devices/system/cpu/cpufreq/policy0/boost 2>/dev/null; then echo "B boost $b"
else echo "U boost no cpufreq/boost, intel_pstate/no_turbo or policy0/boost in /sys/devices/system/cpu"; fi
hc=0; hp=0; hn=0; for d in /sys/devices/system/cpu/cpu[0-9]*/thermal_throttle; do
  [ -d "$d" ] || continue; hn=$((hn+1)); a=0; b=0; read -r a <"$d/core_throttle_count" 2>/dev/null; read -r b <"$d/package_throttle_count" 2>/dev/null
  hc=$((hc+${a:-0})); hp=$((hp+${b:-0}))
done; if [ "$hn" -gt 0 ]; then echo "H $hc $hp $hn"; else echo "U thermal no /sys/devices/system/cpu/cpu*/thermal_throttle counters (not an x86 CPU with them, or a VM)"; fi
if ! command -v who >/dev/null 2>&1; then echo "U sessions who is not installed"
elif [ ! -e /var/run/utmp ] && [ ! -e /run/utmp ]; then echo "U sessions no utmp file (/run/utmp): who cannot list sessions here"
else who 2>/dev/null | while read -r u y r; do echo "E $u $y"; done; echo "E."; fi
