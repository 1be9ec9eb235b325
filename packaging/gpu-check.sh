#!/usr/bin/env bash
# The whole studio on a GPU, in a few repeatable steps: the real reverie and reverie-cli (Qt,
# OpenCV, the SentencePiece shim) built against the GPU machine's CUDA LibTorch with the Debian
# libraries of ../shared/gpu-deps (its README), the cli_cuda_* tests, the golden pipelines through
# `reverie-cli generate --device cuda`, the benchmark, and the studio generating on the GPU
# offscreen with live previews, grabbed to a PNG. Numbers and pictures go to $OUT (./gpu-out when
# unset).
#
#   here:   packaging/gpu-check.sh stage          copies deps and test data into .gpu/ (ignored)
#   there:  packaging/gpu-check.sh deps build     one device call carrying .gpu/deps (~38 MiB)
#           packaging/gpu-check.sh test studio    a second call carrying .gpu/data (the build stays)
#   --dry-run prints every command instead of running it (no GPU, CUDA or deps needed).
#
# A device call carries at most 64 MiB (the tree is ~20 MiB), so the deps and the test data travel
# in separate calls; a device command runs at most 10 minutes, so building and testing are apart
# too. Each phase appends to $OUT/summary.txt; `test` writes golden.tsv, bench.json and ctest.log,
# `studio` writes studio.png and studio.log.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${REVERIE_SHARED_DIR:-$here/../shared}
stage_dir=$here/.gpu
out=${OUT:-$here/gpu-out}
deps_prefix=${GPU_DEPS_PREFIX:-/opt/deps}
build=${GPU_BUILD_DIR:-$here/build-cuda}
jobs=${GPU_JOBS:-16}
dry_run=0

usage() {
    sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    echo "phases: stage deps build test studio (in that order; several may be given)"
}

# Runs a command, or prints it under --dry-run.
run() {
    if ((dry_run)); then
        printf '+'
        printf ' %q' "$@"
        printf '\n'
    else
        "$@"
    fi
}

note() {
    echo "$*"
    if ((!dry_run)); then echo "$*" >>"$out/summary.txt"; fi
}

# The pipeline goldens generate can reproduce from a model folder and a sampler name:
# case model sampler width cfg seed prompt-key [extra options]
golden_cases() {
    cat <<'EOF'
txt2img_sd1_euler tiny-sd1 euler 128 5 42 fox
txt2img_sd1_euler_a tiny-sd1 euler_a 128 7.5 42 astronaut
txt2img_sd1_dpmpp2m_karras tiny-sd1 dpmpp_2m 192 7.5 0 fox --karras
txt2img_sd1_pndm_cfg7.5 tiny-sd1 pndm 128 7.5 0 astronaut
txt2img_sd2v_euler_cfg1 tiny-sd2v euler 128 1 42 fox
txt2img_sd2v_ddim_cfg7.5 tiny-sd2v ddim 128 7.5 0 astronaut
EOF
}

prompt_for() {
    case $1 in
    fox) echo "a watercolor painting of a fox in the snow" ;;
    astronaut) echo "a photograph of an astronaut riding a horse" ;;
    esac
}

# Here: what the device calls carry, inside the project (the .gpu/ folder is git-ignored).
phase_stage() {
    run mkdir -p "$stage_dir/deps" "$stage_dir/data/golden/models" "$stage_dir/data/golden/pipelines" \
        "$stage_dir/data/assets"
    run cp "$shared/gpu-deps/deps.tar.xz" "$stage_dir/deps/"
    run cp -r "$shared/golden/models/tiny-sd1" "$shared/golden/models/tiny-sd2v" \
        "$stage_dir/data/golden/models/"
    local case rest
    while read -r case rest; do
        run cp "$shared/golden/pipelines/$case.safetensors" "$stage_dir/data/golden/pipelines/"
    done < <(golden_cases)
    run cp -r "$shared/assets/clip" "$stage_dir/data/assets/"
    note "staged: .gpu/deps ($(du -sh "$stage_dir/deps" 2>/dev/null | cut -f1)), .gpu/data ($(du -sh "$stage_dir/data" 2>/dev/null | cut -f1))"
}

# The Debian prefix tree and the environment that points the build at it (gpu-deps/README.md).
deps_env() {
    torch_prefix=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)' 2>/dev/null || echo /nonexistent)
    export LD_LIBRARY_PATH=$deps_prefix/usr/lib/x86_64-linux-gnu PATH=$deps_prefix/usr/bin:$PATH
    export PKG_CONFIG_LIBDIR=$deps_prefix/usr/lib/x86_64-linux-gnu/pkgconfig:$deps_prefix/usr/share/pkgconfig
    export PKG_CONFIG_SYSROOT_DIR=$deps_prefix QT_QPA_PLATFORM=offscreen
    export QT_PLUGIN_PATH=$deps_prefix/usr/lib/x86_64-linux-gnu/qt6/plugins
}

phase_deps() {
    note "machine: $(uname -m), $(ldd --version 2>/dev/null | head -1), $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || echo 'no nvidia-smi')"
    run mkdir -p "$deps_prefix"
    run tar xJf "$stage_dir/deps/deps.tar.xz" -C "$deps_prefix"
}

phase_build() {
    deps_env
    note "LibTorch: $torch_prefix"
    run cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        "-DCMAKE_PREFIX_PATH=$torch_prefix;$deps_prefix/usr" \
        "-DREVERIE_SHARED_DIR=$stage_dir/data"
    local start=$SECONDS
    run ninja -C "$build" -j"$jobs" reverie-cli reverie compare_tensors
    note "build: $((SECONDS - start)) s"
    # PyTorch's LibTorch keeps its protobuf hidden (OpenCV's dnn links Debian's).
    if ((!dry_run)); then
        note "protobuf symbols exported by libtorch_cpu: $(nm -D --defined-only "$torch_prefix/../../lib/libtorch_cpu.so" 2>/dev/null | grep -c _ZN6google8protobuf || true)"
    fi
}

# The CUDA tests, the goldens through the CLI on the GPU, and the benchmark.
phase_test() {
    deps_env
    export REVERIE_ASSETS_DIR=$stage_dir/data/assets
    local cli=$build/app/reverie-cli compare=$build/tests/cli/compare_tensors
    run "$cli" --version
    run ctest --test-dir "$build" -L gpu --output-on-failure --timeout 300 \
        --output-log "$out/ctest.log" || note "ctest -L gpu: FAILED (see ctest.log)"
    ((dry_run)) || printf 'case\tsampler\tmax_abs_error\tseconds\tverdict\n' >"$out/golden.tsv"
    local case model sampler width cfg seed prompt extra dir=$stage_dir/data/golden
    while read -r case model sampler width cfg seed prompt extra; do
        local latents=$out/$case.cuda.safetensors start=$SECONDS verdict=pass
        # shellcheck disable=SC2086 # $extra is a list of options
        run "$cli" generate --device cuda --model "$dir/models/$model" --sampler "$sampler" \
            --prompt "$(prompt_for "$prompt")" --steps 5 --width "$width" --height 128 \
            --cfg-scale "$cfg" --seed "$seed" --plain-prompt $extra \
            --out "$out/$case.cuda.png" --out-latents "$latents" || verdict=error
        local err=""
        if ((!dry_run)) && [[ $verdict == pass ]]; then
            # "max abs error latents vs final_latents: 3.1e-05 (tolerance 1e-02)"; exit 1 beyond it.
            local report
            report=$("$compare" "$latents" latents "$dir/pipelines/$case.safetensors" \
                final_latents 1e-2 2>&1) || verdict=fail
            err=$(sed -n 's/^max abs error .*: \([^ ]*\) (tolerance.*/\1/p' <<<"$report")
            rm -f "$latents"
        fi
        ((dry_run)) || printf '%s\t%s\t%s\t%s\t%s\n' "$case" "$sampler" "${err:-?}" \
            "$((SECONDS - start))" "$verdict" >>"$out/golden.tsv"
    done < <(golden_cases)
    ((dry_run)) || note "goldens on cuda: $(grep -c 'pass$' "$out/golden.tsv") of $(golden_cases | wc -l) within 1e-2"
    local preset
    for preset in sd15 sd21; do
        if ((dry_run)); then
            run "$cli" bench --preset "$preset" --device cuda --dtype fp16 --size 512 --runs 5 --json
        else
            "$cli" bench --preset "$preset" --device cuda --dtype fp16 --size 512 --runs 5 --json |
                tail -1 >"$out/bench_$preset.json" || note "bench $preset: FAILED"
        fi
    done
    # Live painting's stroke-to-picture latency on SD 1.5 at 512², 6 steps (issue 23: ≤ 150 ms):
    # the random preset written as a model folder, loaded as a user's model is.
    local live="$out/sd15-random"
    if ((dry_run)); then
        run "$cli" bench --preset sd15 --dtype fp16 --export "$live"
        run "$cli" bench --live --model "$live" --device cuda --dtype fp16 --size 512 --steps 6 --json
    else
        "$cli" bench --preset sd15 --dtype fp16 --export "$live" >/dev/null &&
            "$cli" bench --live --model "$live" --device cuda --dtype fp16 --size 512 --steps 6 \
                --runs 10 --json | tail -1 >"$out/bench_live.json" || note "bench --live: FAILED"
        rm -rf "$live"
    fi
}

# The studio as a user runs it, offscreen, on the GPU ("Automatic" would pick it too; CUDA is
# asked for so that a silent CPU run cannot pass), grabbed at its third live preview.
phase_studio() {
    deps_env
    local config
    config=$(mktemp -d)
    run mkdir -p "$config/Reverie"
    if ((dry_run)); then
        run tee "$config/Reverie/reverie.conf" <<<"[engine] device=cuda"
    else
        printf '[engine]\ndevice=cuda\n[preview]\nmode=taesd\n' >"$config/Reverie/reverie.conf"
    fi
    local start=$SECONDS log=$out/studio.log
    ((!dry_run)) || log=/dev/stdout
    XDG_CONFIG_HOME=$config XDG_DATA_HOME=$config run timeout 300 "$build/app/reverie" \
        --restore-autosave no --prompt "a red circle in the middle, on a blue background" \
        --steps 40 --size 256 --generate --grab-at-preview 3 --screenshot "$out/studio.png" \
        >"$log" 2>&1 || note "studio: FAILED (see studio.log)"
    note "studio: $((SECONDS - start)) s to the third preview; screenshot studio.png"
    rm -rf "$config"
}

phases=()
for arg in "$@"; do
    case $arg in
    --dry-run) dry_run=1 ;;
    -h | --help)
        usage
        exit 0
        ;;
    stage | deps | build | test | studio) phases+=("$arg") ;;
    *)
        echo "gpu-check.sh: unknown phase '$arg'" >&2
        usage >&2
        exit 2
        ;;
    esac
done
if ((${#phases[@]} == 0)); then
    usage >&2
    exit 2
fi
mkdir -p "$out"
for phase in "${phases[@]}"; do
    note "== $phase ($(date -u +%H:%M:%S))"
    "phase_$phase"
done
