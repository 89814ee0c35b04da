#!/usr/bin/env bash
# Sets up, builds and runs every test (unit, CLI, the WebAssembly spec suite).
# WARD_SANITIZE=1 builds with AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

build_dir=build
cmake_args=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWARD_WERROR=ON)
if [[ "${WARD_SANITIZE:-0}" == 1 ]]; then
  build_dir=build-asan
  cmake_args+=(-DWARD_SANITIZE=ON -DWARD_BUILD_BENCH=OFF)
fi
cmake -S . -B "$build_dir" "${cmake_args[@]}"
cmake --build "$build_dir" --parallel "$(nproc)"
ctest --test-dir "$build_dir" --output-on-failure --parallel "$(nproc)"
