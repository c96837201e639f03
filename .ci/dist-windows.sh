#!/usr/bin/env bash
# The Windows program a clerk installs: cross-compiles huibao.exe (x86_64-pc-windows-gnu, with
# Debian's mingw-w64) and packs target/dist/huibao-windows-x86_64.zip:
#   huibao/huibao.exe          the program (no installer: unpack and run)
#   huibao/使用说明.txt         docs/使用说明.md, the Chinese guide (opens in Notepad)
#   huibao/打开命令行.bat        a command window in this folder, huibao on the PATH, its help shown
#   huibao/示例项目/             a starter project, as `huibao init` writes it
# Usage: .ci/dist-windows.sh [cargo profile, default release]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-release}
target=x86_64-pc-windows-gnu
if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
  echo "x86_64-w64-mingw32-gcc is missing: apt-get install gcc-mingw-w64-x86-64" >&2
  exit 1
fi
if command -v rustup >/dev/null 2>&1 && ! rustup target list --installed | grep -qx "$target"; then
  rustup target add "$target"
fi
cargo build --locked --profile "$profile" --target "$target"
dir=$profile
[ "$profile" = dev ] && dir=debug
stage=target/dist/huibao
rm -rf "$stage" target/dist/huibao-windows-x86_64.zip
mkdir -p "$stage"
# Without the line tables the release profile keeps for Linux backtraces (half the file).
x86_64-w64-mingw32-strip -o "$stage/huibao.exe" "target/$target/$dir/huibao.exe"
cp docs/使用说明.md "$stage/使用说明.txt"
# Only ASCII in the batch file: cmd reads it in the console's code page (936 on a Chinese
# Windows, 65001 with the "UTF-8 beta" setting), while huibao writes its Chinese help to the
# console as UTF-16, right under either.
printf '%s\r\n' '@echo off' 'set "PATH=%~dp0;%PATH%"' 'cd /d "%~dp0"' 'huibao --help' 'cmd /k' \
  > "$stage/打开命令行.bat"
# The starter project, written by this machine's huibao (the same on every system).
cargo run --locked --quiet -- init "$stage/示例项目" >/dev/null
(cd target/dist && python3 - <<'PY'
import os, zipfile
with zipfile.ZipFile("huibao-windows-x86_64.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in os.walk("huibao"):
        dirs.sort()
        for name in sorted(files):
            if not name.startswith(".huibao-"):  # huibao's own lock, not part of the project
                z.write(os.path.join(root, name))
PY
)
echo "target/dist/huibao-windows-x86_64.zip"
