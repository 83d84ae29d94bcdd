#!/usr/bin/env bash
# Measures constnet on the emulated Cortex-M4F and prints the tables in README.md here:
#   - flash (.text + .rodata) and static RAM (.data + .bss + .uninit) of each program, read
#     from its ELF, and its peak stack, which `train` and `infer` report by stack painting;
#   - for one inference and one training step: the flash of the network code alone (a probe
#     program minus `probe_idle`, the same program around an empty operation), the stack the
#     operation uses, and its instructions, counted in a QEMU trace of one instruction per
#     block between the markers `constnet_probe_begin` and `constnet_probe_end`;
#   - next to them, the bytes the crate's compile-time counts predict. The script fails if the
#     1→16→16→1 step (`probe_step_sine`) uses more stack than its `training_bytes`, in any
#     profile: the compile-time count is a bound checked here.
# Without arguments it measures the two profiles README.md shows and fails, with a diff, if
# README.md's lines between its `measure.sh` markers are not what it printed: a change that
# moves a figure must update the README too.
# Needs qemu-system-arm and readelf (binutils). Usage: ./measure.sh [profile ...]
# (default: release size; `release` optimizes for speed, `size` for size, see Cargo.toml).
set -euo pipefail
cd "$(dirname "$0")"

profiles=("$@")
[ ${#profiles[@]} -gt 0 ] || profiles=(release size)
programs=(train infer probe_idle probe_forward probe_step probe_step_one probe_step_sine)
qemu=(qemu-system-arm -machine mps2-an386 -nographic -semihosting-config enable=on,target=native)

# One instruction per translation block, so that the exec log has a line per instruction.
# QEMU 8.1 renamed -singlestep to an accelerator property.
version=$(qemu-system-arm --version | sed -n 's/.*version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
read -r major minor <<<"$version"
if [ "$major" -gt 8 ] || { [ "$major" -eq 8 ] && [ "$minor" -ge 1 ]; }; then
    one_per_block=(-accel tcg,one-insn-per-tb=on)
else
    one_per_block=(-singlestep)
fi

# The figures must not depend on where the repository is checked out. Two things would tie
# them to it: panic messages embed source paths, and cargo derives the symbol hashes of constnet
# (a path dependency outside this workspace) from its absolute path, and those hashes order the
# functions, which moves the alignment padding by a few bytes. So the builds go through a
# symbolic link of a fixed name (a lock keeps two runs from pointing it at different
# checkouts), the source paths are mapped to fixed names, and the builds go to a target
# directory of their own.
exec 9>/tmp/constnet-measure.lock
flock 9
root=/tmp/constnet-measure
ln -sfn "$(cd ../.. && pwd -P)" "$root"
manifest=$root/examples/firmware/Cargo.toml
remap="--remap-path-prefix=$root=/constnet"
for source in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
    remap+=" --remap-path-prefix=${source%/}=/registry"
done
export RUSTFLAGS="$remap" CARGO_TARGET_DIR=target/measure

trace=$(mktemp)
printed=$(mktemp)
shown=$(mktemp)
trap 'rm -f "$trace" "$printed" "$shown"' EXIT

# Prints its arguments as lines, and keeps them for the comparison with README.md.
emit() {
    printf '%s\n' "$@" | tee -a "$printed"
}

# 12345 as 12,345, the way README.md writes figures.
thousands() {
    local digits=$1 grouped=""
    while [ ${#digits} -gt 3 ]; do
        grouped=",${digits: -3}$grouped"
        digits=${digits:0:${#digits}-3}
    done
    echo "$digits$grouped"
}

# Bytes of the named sections of an ELF file, summed.
section_bytes() {
    local elf=$1 total=0 name size
    shift
    # readelf -SW: "[Nr] Name Type Addr Off Size ...", sizes in hex.
    while read -r name size; do
        case " $* " in *" $name "*) total=$((total + 16#$size)) ;; esac
    done < <(readelf -SW "$elf" | sed -n 's/^ *\[ *[0-9]*\] *\([^ ]*\) *[^ ]* *[^ ]* *[^ ]* *\([0-9a-f]*\).*/\1 \2/p')
    echo "$total"
}

flash() { section_bytes "$1" .text .rodata; }
static_ram() { section_bytes "$1" .data .bss .uninit; }

# The value of `key=value` (or of `key: value`) in a program's output; a figure that is
# missing fails the script rather than leaving a hole in the table.
field() {
    local value
    value=$(sed -n "s/.*$1[=:] *\([0-9]*\).*/\1/p" <<<"$2" | head -n 1)
    if [ -z "$value" ]; then
        echo "error: no \"$1\" in the program's output:" >&2
        echo "$2" >&2
        exit 1
    fi
    echo "$value"
}

# Instructions executed from the first instruction of `constnet_probe_begin` up to, not
# including, the first instruction of `constnet_probe_end`.
instructions() {
    timeout 300 "${qemu[@]}" "${one_per_block[@]}" -d exec,nochain -D "$trace" -kernel "$1" >/dev/null
    awk '/ constnet_probe_begin$/ && !begin { begin = NR }
         / constnet_probe_end$/ && begin && !end { end = NR }
         END { if (!end) exit 1; print end - begin }' "$trace"
}

for profile in "${profiles[@]}"; do
    cargo build --quiet --manifest-path "$manifest" --profile "$profile" --bins
    dir=$CARGO_TARGET_DIR/thumbv7em-none-eabihf/$profile
    declare -A out=() rom=() ram=() count=()
    for program in "${programs[@]}"; do
        out[$program]=$(timeout 120 "${qemu[@]}" -kernel "$dir/$program")
        rom[$program]=$(flash "$dir/$program")
        ram[$program]=$(static_ram "$dir/$program")
    done
    for probe in probe_idle probe_forward probe_step probe_step_one probe_step_sine; do
        count[$probe]=$(instructions "$dir/$probe")
    done

    case $profile in
        release) level="opt-level 3" ;;
        size) level="opt-level \`s\`" ;;
        *) level="profile \`$profile\`" ;;
    esac
    emit "Profile \`$profile\` ($level):" ""
    emit "| program | flash | static RAM | peak stack |" "|---|---:|---:|---:|"
    for program in train infer; do
        case $program in
            train) label="\`train\`: XOR on the device, printing progress" ;;
            infer) label="\`infer\`: four inferences from flash, printed" ;;
        esac
        stack=$(field "stack used since reset" "${out[$program]}")
        emit "| $label | $(thousands "${rom[$program]}") B | $(thousands "${ram[$program]}") B | $(thousands "$stack") B |"
    done
    idle_stack=$(field total_stack "${out[probe_idle]}")
    emit "| runtime alone (cortex-m-rt, semihosting, panic handler) | $(thousands "${rom[probe_idle]}") B | $(thousands "${ram[probe_idle]}") B | $(thousands "$idle_stack") B |"
    emit ""
    emit "| one operation | constnet code in flash | stack | instructions | compile-time count |" "|---|---:|---:|---:|---:|"
    for probe in probe_forward probe_step_one probe_step probe_step_sine; do
        case $probe in
            probe_forward) label="inference, 1 row, weights in flash"; const="\`parameter_bytes\`" ;;
            probe_step_one) label="training step, 1 row (forward, backward, SGD)"; const="\`training_bytes\`" ;;
            probe_step) label="training step, 4 rows, as \`train\` takes it"; const="\`training_bytes\`" ;;
            probe_step_sine) label="training step, 1→16→16→1 ReLU, 1 row (code: with its seeded initialization)"; const="\`training_bytes\`" ;;
        esac
        bound=""
        [ "$probe" = probe_step_sine ] && bound=", a bound \`measure.sh\` checks"
        code=$((rom[$probe] - rom[probe_idle]))
        stack=$(field operation_stack "${out[$probe]}")
        steps=$((count[$probe] - count[probe_idle]))
        bytes=$(field const_bytes "${out[$probe]}")
        emit "| $label | $(thousands "$code") B | $(thousands "$stack") B | $(thousands "$steps") | $const $(thousands "$bytes") B$bound |"
        if [ "$probe" = probe_step_sine ] && [ "$stack" -gt "$bytes" ]; then
            echo "error: the step used $stack B of stack, more than training_bytes = $bytes B" >&2
            exit 1
        fi
    done
    emit ""
    unset out rom ram count
done

if [ $# -eq 0 ]; then
    sed -n '/^<!-- measure.sh: begin -->$/,/^<!-- measure.sh: end -->$/{//!p}' README.md >"$shown"
    if ! diff -u --label "README.md (between the measure.sh markers)" --label "measure.sh" \
        "$shown" "$printed" >&2; then
        echo "error: README.md's figures are not the measured ones; copy the tables printed" \
            "above between its measure.sh markers" >&2
        exit 1
    fi
fi
