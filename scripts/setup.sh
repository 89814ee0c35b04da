#!/usr/bin/env bash
# Installs everything Ward needs to build and test on Debian 12 (run as root or with sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  clang lld            # guest apps and benchmark kernels compiled to wasm32
  wabt                 # wast2json for the spec-suite runner, wat2wasm for test modules
  libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev libcli11-dev
  libsodium-dev        # SHA-256/512 and ChaCha20 for the host layer
  librocksdb-dev       # the default persistent store
  libcurl4-openssl-dev # the policy-controlled fetch host function
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends "${missing[@]}"
fi
