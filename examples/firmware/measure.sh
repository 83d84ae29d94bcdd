#!/usr/bin/env bash
# Measures constnet on the emulated Cortex-M4F, M0 and M3 and prints the tables in README.md
# here. On the Cortex-M4F:
#   - flash (.text + .rodata) and static RAM (.data + .bss + .uninit) of each program, read
#     from its ELF, and its peak stack, which `train` and `infer` report by stack painting;
#   - for one inference and one training step: the flash of the network code alone (a probe
#     program minus `probe_idle`, the same program around an empty operation), the stack the
#     operation uses, and its instructions, counted in a QEMU trace of one instruction per
#     block between the markers `constnet_probe_begin` and `constnet_probe_end`;
#   - next to them, the bytes the crate's compile-time counts predict. The script fails if the
#     1→16→16→1 step (`probe_step_sine`) uses more stack than its `training_bytes`, in any
#     profile: the compile-time count is a bound checked here.
# Then the fixed-point comparison, in the release profile: the same operations in `f32`
# (software floating point: neither core has an FPU), Q16.16 and Q8.8, for the XOR network on
# the Cortex-M0 (QEMU's `microbit`) and the sine network on the Cortex-M3 (`lm3s6965evb`),
# next to the figures of tinymind and MicroFlow that the comparison is made against.
# Without arguments it measures the two profiles README.md shows and fails, with a diff, if
# README.md's lines between its `measure.sh` markers are not what it printed: a change that
# moves a figure must update the README too.
# Needs qemu-system-arm and readelf (binutils). Usage: ./measure.sh [profile ...]
# (default: release size; `release` optimizes for speed, `size` for size, see Cargo.toml).
set -euo pipefail
cd "$(dirname "$0")"

profiles=("$@")
[ ${#profiles[@]} -gt 0 ] || profiles=(release size)
programs=(train infer probe_idle xor_forward_f32 probe_step xor_step_f32 probe_step_sine)
probes=(probe_idle xor_forward_f32 probe_step xor_step_f32 probe_step_sine)
qemu=(qemu-system-arm -nographic -semihosting-config enable=on,target=native)

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

# What a program prints, run on QEMU's board `$1`.
run() {
    # The lm3s6965evb model reports a timer it does not emulate; nothing else is filtered.
    timeout 120 "${qemu[@]}" -machine "$1" -kernel "$2" \
        2> >(grep -v '^Timer with period zero, disabling$' >&2)
}

# Instructions executed from the first instruction of `constnet_probe_begin` up to, not
# including, the first instruction of `constnet_probe_end`, on QEMU's board `$1`.
instructions() {
    timeout 300 "${qemu[@]}" -machine "$1" "${one_per_block[@]}" -d exec,nochain -D "$trace" \
        -kernel "$2" >/dev/null 2> >(grep -v '^Timer with period zero, disabling$' >&2)
    awk '/ constnet_probe_begin$/ && !begin { begin = NR }
         / constnet_probe_end$/ && begin && !end { end = NR }
         END { if (!end) exit 1; print end - begin }' "$trace"
}

for profile in "${profiles[@]}"; do
    cargo build --quiet --manifest-path "$manifest" --profile "$profile" --bins
    dir=$CARGO_TARGET_DIR/thumbv7em-none-eabihf/$profile
    declare -A out=() rom=() ram=() count=()
    for program in "${programs[@]}"; do
        out[$program]=$(run mps2-an386 "$dir/$program")
        rom[$program]=$(flash "$dir/$program")
        ram[$program]=$(static_ram "$dir/$program")
    done
    for probe in "${probes[@]}"; do
        count[$probe]=$(instructions mps2-an386 "$dir/$probe")
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
    for probe in xor_forward_f32 xor_step_f32 probe_step probe_step_sine; do
        case $probe in
            xor_forward_f32) label="inference, 1 row, weights in flash"; const="\`parameter_bytes\`" ;;
            xor_step_f32) label="training step, 1 row (forward, backward, SGD)"; const="\`training_bytes\`" ;;
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

# The fixed-point comparison on the board `$2` (target `$1`), release profile: for each program,
# its code (less `probe_idle`'s), the operation's stack and instructions, and the crate's count
# of bytes, in the arrays `code`, `stack`, `steps` and `bytes`.
declare -A code=() stack=() steps=() bytes=()
compare() {
    local target=$1 board=$2 program output elf idle_rom idle_steps
    shift 2
    cargo build --quiet --manifest-path "$manifest" --release --target "$target" --bins
    elf=$CARGO_TARGET_DIR/$target/release
    idle_rom=$(flash "$elf/probe_idle")
    idle_steps=$(instructions "$board" "$elf/probe_idle")
    for program in "$@"; do
        output=$(run "$board" "$elf/$program")
        code[$program]=$(($(flash "$elf/$program") - idle_rom))
        stack[$program]=$(field operation_stack "$output")
        steps[$program]=$(($(instructions "$board" "$elf/$program") - idle_steps))
        bytes[$program]=$(field const_bytes "$output")
    done
}

# One row of a comparison table: a label, the figure `$2` of each program in `$3…`, then
# the peer's figure (already formatted).
row() {
    local label=$1 figure=$2 peer=$3 line program value
    shift 3
    line="| $label |"
    for program in "$@"; do
        case $figure in
            steps) value=$(thousands "${steps[$program]}") ;;
            code) value="$(thousands "${code[$program]}") B" ;;
            stack) value="$(thousands "${stack[$program]}") B" ;;
            # The network's bytes and the operation's stack: the RAM it takes if the network
            # lives in RAM.
            ram) value="$(thousands $((bytes[$program] + stack[$program]))) B" ;;
        esac
        line+=" $value |"
    done
    emit "$line $peer |"
}

if [ $# -eq 0 ] || [[ " $* " == *" release "* ]]; then
    compare thumbv6m-none-eabi microbit xor_forward_f32 xor_forward_q16_16 xor_forward_q8_8 \
        xor_step_f32 xor_step_q16_16 xor_step_q8_8
    # The steps' RAM counts the network they train (in RAM) and the step's stack; the
    # inference's, the same network, though here it runs from flash.
    for type in f32 q16_16 q8_8; do
        bytes[xor_step_$type]=${bytes[xor_forward_$type]}
    done
    emit "Cortex-M0 (QEMU's \`microbit\`), the 2→3→1 sigmoid network, profile \`release\`:" ""
    emit "| 2→3→1, Cortex-M0 | \`f32\` (software) | Q16.16 | Q8.8 | tinymind Q8.8 |" \
        "|---|---:|---:|---:|---:|"
    forward=(xor_forward_f32 xor_forward_q16_16 xor_forward_q8_8)
    step=(xor_step_f32 xor_step_q16_16 xor_step_q8_8)
    row "inference: instructions" steps "297" "${forward[@]}"
    row "inference: network code" code "1,160 B" "${forward[@]}"
    row "inference: stack" stack "64 B" "${forward[@]}"
    row "inference: network + stack" ram "176 B" "${forward[@]}"
    row "training step: instructions" steps "894" "${step[@]}"
    row "training step: network code" code "3,016 B" "${step[@]}"
    row "training step: stack" stack "148 B" "${step[@]}"
    row "training step: network + stack" ram "428 B" "${step[@]}"
    emit ""

    compare thumbv7m-none-eabi lm3s6965evb sine_forward_f32 sine_forward_q16_16 \
        sine_forward_q8_8 probe_step_sine sine_step_q16_16
    emit "Cortex-M3 (QEMU's \`lm3s6965evb\`), the 1→16→16→1 ReLU sine network, profile \`release\`:" ""
    emit "| 1→16→16→1, Cortex-M3 | \`f32\` (software) | Q16.16 | Q8.8 | MicroFlow int8 |" \
        "|---|---:|---:|---:|---:|"
    forward=(sine_forward_f32 sine_forward_q16_16 sine_forward_q8_8)
    row "inference: instructions" steps "14,892" "${forward[@]}"
    row "inference: network code" code "3,960 B" "${forward[@]}"
    row "inference: stack" stack "—" "${forward[@]}"
    emit "| training step: instructions | $(thousands "${steps[probe_step_sine]}") | $(thousands "${steps[sine_step_q16_16]}") | — | cannot train |"
    emit "| training step: stack | $(thousands "${stack[probe_step_sine]}") B | $(thousands "${stack[sine_step_q16_16]}") B | — | — |"
    emit ""
fi

if [ $# -eq 0 ]; then
    sed -n '/^<!-- measure.sh: begin -->$/,/^<!-- measure.sh: end -->$/{//!p}' README.md >"$shown"
    if ! diff -u --label "README.md (between the measure.sh markers)" --label "measure.sh" \
        "$shown" "$printed" >&2; then
        echo "error: README.md's figures are not the measured ones; copy the tables printed" \
            "above between its measure.sh markers" >&2
        exit 1
    fi
fi
