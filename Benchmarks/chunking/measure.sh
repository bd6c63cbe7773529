#!/bin/sh
# Builds the measurement tool from the chunker/codec sources with -O (no package needed).
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
src="$root/Sources/MLVStorage"
out="${TMPDIR:-/tmp}/mlv-chunking-measure"
swiftc -O -wmo -module-name MeasureChunking -I "$root/Sources/CZlib" -lz \
    "$src/Chunker.swift" "$src/Chunker+Gear.swift" "$src/ChunkReader.swift" "$src/ChunkCodec.swift" \
    "$src/Zlib.swift" "$src/ByteShuffle.swift" "$src/EntropyEstimate.swift" "$src/StorageError.swift" \
    "$src/FileReader.swift" "$src/SystemError.swift" "$(dirname "$0")/main.swift" -o "$out"
exec "$out" "$@"
