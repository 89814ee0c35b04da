#!/usr/bin/env bash
# Sets up, builds Ward and runs its main job. Until the application layer lands, the demo
# runs an example module through the engine with `ward invoke`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build --parallel "$(nproc)" --target ward
wat2wasm examples/wat/demo.wat -o build/demo.wasm

run() {
  echo "\$ ward invoke demo.wasm $*"
  build/ward invoke build/demo.wasm "$@" || echo "(exit code $?)"
}
run fac 20
run sum_to 1000000
run sum_to 1000000 --gas 1000
run divide 7 0
