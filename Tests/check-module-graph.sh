#!/usr/bin/env bash
# The module graph of docs/architecture.md, checked: every `import` in Sources/ must point to a
# module on a lower layer (same-layer imports are refused too: Net must not import IPC), and only
# kis41-bench may import Benchmarks. Prints each violation; exit 1 if there is any.
# Run by `./run test` (Tests/run-tests); needs only bash, grep and sed.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Bottom first; a module may import the modules of the layers below its own.
LAYERS=(
  "CSystem COpenSSL"
  "System"
  "IPC Net"
  "KIS NATS"
  "Gateway Polling Allocation SignalEngine Simulator NATSBridge"
  "Reports"
  "Benchmarks"
  "ws-gateway rest-poller allocator signals kis-sim kisctl nats-bridge kis41-bench"
)
# Modules of the toolchain and the platform: not part of the graph.
EXTERNAL=" Foundation FoundationEssentials Dispatch Glibc Darwin Testing XCTest Synchronization "

declare -A layer_of
for i in "${!LAYERS[@]}"; do
  for module in ${LAYERS[$i]}; do layer_of[$module]=$i; done
done

violations=0
for directory in "$ROOT"/Sources/*/; do
  module=$(basename "$directory")
  if [ -z "${layer_of[$module]+set}" ]; then
    echo "module graph: Sources/$module is not on any layer of Tests/check-module-graph.sh (and docs/architecture.md)"
    violations=$((violations + 1)); continue
  fi
  while IFS=: read -r file line imported; do
    [[ $EXTERNAL == *" $imported "* ]] && continue
    where=${file#"$ROOT"/}:$line
    if [ -z "${layer_of[$imported]+set}" ]; then
      echo "module graph: $where imports $imported, which is on no layer"
    elif [ "${layer_of[$imported]}" -ge "${layer_of[$module]}" ]; then
      echo "module graph: $where: $module imports $imported, which is not below it"
    elif [ "$imported" = Benchmarks ] && [ "$module" != kis41-bench ]; then
      echo "module graph: $where: only kis41-bench may import Benchmarks"
    else
      continue
    fi
    violations=$((violations + 1))
  done < <(grep -rnoE '^[[:space:]]*(@testable[[:space:]]+|@_exported[[:space:]]+|public[[:space:]]+|internal[[:space:]]+|package[[:space:]]+)*import[[:space:]]+(class[[:space:]]+|struct[[:space:]]+|enum[[:space:]]+|func[[:space:]]+)?[A-Za-z0-9_]+' \
             --include='*.swift' "$directory" | sed -E 's/^([^:]+):([0-9]+):.*import[[:space:]]+((class|struct|enum|func)[[:space:]]+)?([A-Za-z0-9_]+)$/\1:\2:\5/')
done

# Every import, in Sources/ and Tests/, must be a direct dependency that Package.swift declares for
# its target: a module reached only transitively builds when an earlier build left it behind, and
# fails on a clean checkout (NetTests importing IPC did exactly that).
while IFS='|' read -r kind target dependencies; do
  directory="$ROOT/Sources/$target"; [ "$kind" = testTarget ] && directory="$ROOT/Tests/$target"
  [ -d "$directory" ] || continue
  declared=" $(echo "$dependencies" | tr -d '"' | tr ',' ' ') $target "
  while IFS=: read -r file line imported; do
    [[ $EXTERNAL == *" $imported "* || $declared == *" $imported "* ]] && continue
    echo "module graph: ${file#"$ROOT"/}:$line imports $imported, which Package.swift does not declare for $target"
    violations=$((violations + 1))
  done < <(grep -rnoE '^[[:space:]]*(@testable[[:space:]]+|@_exported[[:space:]]+|public[[:space:]]+|internal[[:space:]]+|package[[:space:]]+)*import[[:space:]]+(class[[:space:]]+|struct[[:space:]]+|enum[[:space:]]+|func[[:space:]]+)?[A-Za-z0-9_]+' \
             --include='*.swift' "$directory" | sed -E 's/^([^:]+):([0-9]+):.*import[[:space:]]+((class|struct|enum|func)[[:space:]]+)?([A-Za-z0-9_]+)$/\1:\2:\5/')
done < <(grep -oE '\.(target|executableTarget|testTarget)\(name: "[^"]+"(, dependencies: \[[^]]*\])?' "$ROOT/Package.swift" \
           | sed -E 's/^\.([a-zA-Z]+)\(name: "([^"]+)"(, dependencies: \[([^]]*)\])?$/\1|\2|\4/')
if [ "$violations" -gt 0 ]; then
  echo "module graph: $violations import(s) break the layering (docs/architecture.md)"
  exit 1
fi
echo "module graph: every import points down"
