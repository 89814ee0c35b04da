#!/usr/bin/env bash
# Sets up, builds Ward and runs its main job: the key-value demo application on the embedded
# RocksDB store. Several `ward run` calls share one database across processes; one call fails
# and visibly changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build --parallel "$(nproc)" --target ward kv_store_wasm

app=build/examples/kv_store.wasm
db=build/demo-db
rm -rf "$db"

step() {
  echo
  echo "\$ ward run kv_store.wasm $*"
  build/ward run "$app" "$@" --db "$db" --format json || echo "(exit code $?)"
}
state() {
  echo
  echo "\$ ward state list --db $db"
  build/ward state list --db "$db"
}

step set --input '{"key": "greeting", "value": "hello"}'
step set --input '{"key": "apple", "value": "3"}'
step set --input '{"key": "apple", "value": "4"}'
step get --input '{"key": "apple"}'
step entries
state
echo
echo "# A call that writes and then fails: Ward discards the write."
step set_checked --input '{"key": "pear", "value": "not a number"}'
state
step remove --input '{"key": "greeting"}'
step entries
