# planmap batch on a real one-node Slurm cluster (docs/scale-out.md): munged with
# its own key and socket, slurmctld and slurmd with a configuration of their
# own, on free local ports, all started here in a temporary folder and stopped
# and removed when the test ends, also when it fails. A 4-task array job
# (sbatch --array=0-3 --wait) runs `planmap batch --shard auto` into one shared
# folder, `--merge` writes the report; every map, world file and report page
# PNG must be the bytes a one-machine run writes, and the report the same
# pages (rendered by pdftoppm; its bytes differ: fonts are grouped by worker).
# Skipped (77) with the reason when Slurm or munge is missing or cannot start.
. "$(dirname "$0")/lib/common.sh"
skip() {
    echo "SKIP: $*"
    exit 77
}
for p in munged munge slurmctld slurmd sbatch sinfo scontrol scancel pdfinfo; do
    command -v "$p" > /dev/null || skip "$p is not installed (scripts/setup.sh --tests installs slurm-wlm and munge)"
done

# Daemons' folder: short (a UNIX socket path is at most 107 bytes), readable
# by all (munged refuses a socket in a folder others cannot enter).
cluster=$(mktemp -d /tmp/planmap-slurm.XXXXXX)
chmod 755 "$cluster"
export SLURM_CONF="$cluster/slurm.conf"
stop_pid() {   # stop_pid FILE: the daemon whose pid FILE holds, and wait for it
    local pid i
    pid=$(cat "$1" 2>/dev/null) || return 0
    kill "$pid" 2>/dev/null || return 0
    for i in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
    [ ! -f "$cluster/slurmctld.pid" ] || timeout 20 scancel --quiet --user="$(id -un)" 2>/dev/null || true
    stop_pid "$cluster/slurmd.pid"
    stop_pid "$cluster/slurmctld.pid"
    stop_pid "$cluster/munged.pid"
    rm -rf "$cluster"
}
trap cleanup EXIT

# munge: a key of its own (readable by its owner only), its own socket.
head -c 1024 /dev/urandom > "$cluster/munge.key"
chmod 600 "$cluster/munge.key"
munged --key-file="$cluster/munge.key" --socket="$cluster/munge.sock" \
    --pid-file="$cluster/munged.pid" --log-file="$cluster/munged.log" \
    --seed-file="$cluster/munged.seed" 2> "$cluster/munged.err" ||
    skip "munged does not start here: $(tail -1 "$cluster/munged.err")"
munge -S "$cluster/munge.sock" -n | unmunge -S "$cluster/munge.sock" > /dev/null 2>&1 ||
    skip "munge cannot make and check a credential here"

read -r ctld_port slurmd_port < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
user=$(id -un)
mkdir -p "$cluster/state" "$cluster/spool"
cat > "$SLURM_CONF" <<EOF
ClusterName=planmap
SlurmctldHost=localhost
SlurmUser=$user
SlurmdUser=$user
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$cluster/munge.sock
StateSaveLocation=$cluster/state
SlurmdSpoolDir=$cluster/spool
SlurmctldPidFile=$cluster/slurmctld.pid
SlurmdPidFile=$cluster/slurmd.pid
SlurmctldLogFile=$cluster/slurmctld.log
SlurmdLogFile=$cluster/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
NodeName=localhost NodeHostname=localhost NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=planmap Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -i > "$cluster/slurmctld.err" 2>&1 ||
    skip "slurmctld does not start here: $(tail -1 "$cluster/slurmctld.err")"
slurmd -N localhost > "$cluster/slurmd.err" 2>&1 ||
    skip "slurmd does not start here: $(tail -1 "$cluster/slurmd.err")"
up=0
for i in $(seq 1 300); do
    state=$(timeout 10 sinfo -h -o %t 2>/dev/null || true)
    case $state in idle*|mix*|alloc*) up=1; break ;; esac
    sleep 0.2
done
[ "$up" -eq 1 ] || skip "the Slurm node does not come up here (state '$state'): $(tail -2 "$cluster/slurmd.log" 2>/dev/null | tr '\n' ' ')"

# The batch: an atlas over a bundled zone layer, one of the bundled report's
# tables, report page PNGs: every part of the report the merge assembles.
maps="$PM_SOURCE_DIR/data/maps"
python3 - "$PM_SOURCE_DIR" > atlas.json <<'PY'
import json, os, sys
src = sys.argv[1]
bundled = json.load(open(os.path.join(src, "data/reports/chengdu-chongqing-atlas.json")))
table = bundled["tables"][0]
table["source"] = os.path.normpath(os.path.join(src, "data/reports", table["source"]))
print(json.dumps({
    "report": "atlas.pdf", "report_title": "Slurm 测试", "report_png": True,
    "defaults": {"dpi": 36},
    "maps": [{"spec": os.path.join(src, "data/maps/002-tianfu-structure.json"), "name": "overview"}],
    "atlas": {"spec": os.path.join(src, "data/maps/000-chengdu-htz-structure.json"),
              "coverage": os.path.join(src, "data/plans/000-chengdu-htz/areas.geojson"),
              "name": "area-{id}", "title": "{name}", "margin": 0.1,
              "outputs": ["png", "world"]},
    "tables": [table]}, ensure_ascii=False))
PY
n=$(( $(python3 -c 'import json,sys; print(sum(1 for f in json.load(open(sys.argv[1]))["features"] if f["geometry"]))' \
        "$PM_SOURCE_DIR/data/plans/000-chengdu-htz/areas.geojson") + 1 ))

cat > task.sh <<EOF
#!/bin/bash
exec env PLANMAP_THREADS=1 "$PLANMAP" batch "$PM_WORK/atlas.json" --shard auto -o "$PM_WORK/shared"
EOF
chmod +x task.sh
rc=0
timeout 900 sbatch --array=0-3 --wait --chdir="$PM_WORK" --output="$PM_WORK/task-%a.log" \
    task.sh > sbatch.out 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "sbatch --array=0-3 --wait: exit $rc: $(cat sbatch.out) $(cat task-*.log 2>/dev/null | tail -5)"; ok
for k in 0 1 2 3; do
    log="task-$k.log"
    [ -f "$log" ] || fail "no log of array task $k"
    share=$(( n / 4 + (k < n % 4 ? 1 : 0) ))
    grep -q "^planmap: batch: $share maps (share $((k + 1)) of 4): $share written, 0 failed; .*report pages in .*/shared/atlas.parts" "$log" ||
        fail "task $k: $(tail -1 "$log")"
    [ "$(grep -c "^planmap: batch: \[[0-9]*/$share\] " "$log")" -eq "$share" ] ||
        fail "task $k's log has not one progress line per map: $(head -3 "$log")"
done; ok
[ ! -e shared/atlas.pdf ] || fail "a share wrote the report"; ok

"$PLANMAP" batch atlas.json --merge -o shared 2> merge.err || fail "--merge: $(cat merge.err)"
grep -q "^planmap: batch: $n maps (merged): $n written, 0 failed; .*report shared/atlas.pdf ($n map pages, [0-9]* table pages" merge.err ||
    fail "merge summary: $(cat merge.err)"; ok
[ ! -e shared/atlas.parts ] || fail "the parts folder is left after the merge"; ok

# One machine, no shares: the same files, byte for byte (a PNG's pixels:
# same_output), and the same report pages.
"$PLANMAP" batch atlas.json -o single 2> single.err || fail "one-machine run: $(cat single.err)"
(cd single && find . -type f | sort) > single.txt
(cd shared && find . -type f | sort) > shared.txt
cmp -s single.txt shared.txt || fail "files differ: $(diff single.txt shared.txt | head -5)"; ok
grep -q '^./atlas-pages/0*1.png$' single.txt && grep -q '^./area-' single.txt || fail "missing outputs: $(head -5 single.txt)"; ok
while read -r f; do
    [ "$f" = ./atlas.pdf ] && continue   # the same pages, its fonts grouped by other workers
    same_output "single/$f" "shared/$f" || fail "$f differs between the Slurm run and one machine"
done < single.txt; ok
same_pages shared/atlas.pdf single/atlas.pdf; ok
pages=$(pdfinfo shared/atlas.pdf | sed -n 's/^Pages: *//p')
[ "$pages" -eq "$(grep -c '^./atlas-pages/' single.txt)" ] || fail "report: $pages pages, $(grep -c '^./atlas-pages/' single.txt) page PNGs"; ok
finish
