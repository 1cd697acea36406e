#!/usr/bin/env bash
# The layer rule of ARCHITECTURE.md: no module of src/ uses one above it or a sibling of
# its own layer. The check itself is the Rust test tests/layers.rs (it reads every
# `crate::` path of the library's code); this runs it alone, for CI and by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked --quiet --test layers
