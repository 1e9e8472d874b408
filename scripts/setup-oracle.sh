#!/usr/bin/env bash
# Installs onnxruntime's Node.js package (pinned in tests/oracle/package-lock.json)
# into tests/oracle/node_modules: the outside oracle the tests compare against.
# Idempotent: does nothing when the pinned version is already there.
set -euo pipefail
cd "$(dirname "$0")/../tests/oracle"
want=$(node -e 'console.log(require("./package.json").dependencies["onnxruntime-node"])')
have=$(node -e 'try{console.log(require("./node_modules/onnxruntime-node/package.json").version)}catch(e){console.log("")}')
if [[ "$have" == "$want" ]]; then
  echo "setup-oracle: onnxruntime-node $have present"
  exit 0
fi
# --ignore-scripts: the package carries its Linux x64 runtime; its install script would download more.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
echo "setup-oracle: onnxruntime-node $want installed"
