#!/usr/bin/env bash
# Builds the extension, packages it as a VSIX, installs it into a local VS Code (code-server, in
# the browser) and opens a demo repository: the product as a user gets it.
#   PORT=8080 (default) to choose the port; the server listens on 127.0.0.1 only.
#   Stop it with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

PATHS_JSON="${AIP_CACHE:-$HOME/.cache/ai-provenance}/paths.json"
tool() { node -p "JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')).$1" "$PATHS_JSON"; }
NODE24="$(tool node24)"
CODE_SERVER="$(tool codeServer)"
export PATH="$(dirname "$NODE24"):$PATH"

npm run package
DEV="$PWD/.dev"
mkdir -p "$DEV/user" "$DEV/ext"
"$NODE24" "$CODE_SERVER/out/node/entry.js" --extensions-dir "$DEV/ext" --user-data-dir "$DEV/user" \
  --install-extension dist/ai-provenance.vsix --force >/dev/null

DEMO="$DEV/demo"
if [ ! -d "$DEMO/.git" ]; then
  mkdir -p "$DEMO/src" "$DEMO/infra" "$DEMO/db/migrations"
  git -C "$DEMO" init -q -b main
  cat > "$DEMO/src/cart.ts" <<'TS'
export interface Item {
  name: string;
  price: number;
  quantity: number;
}

export function subtotal(items: Item[]): number {
  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);
}
TS
  printf 'resource "aws_s3_bucket" "assets" {\n  bucket = "demo-assets"\n}\n' > "$DEMO/infra/main.tf"
  printf 'CREATE TABLE orders (id serial primary key, total numeric not null);\n' > "$DEMO/db/migrations/001_orders.sql"
  git -C "$DEMO" add -A
  git -C "$DEMO" -c user.name=Demo -c user.email=demo@example.com commit -qm "Demo repository"
  # An agent wrote these lines, as its hook would record them:
  node dist/cli.js mark --file "$DEMO/src/cart.ts" --lines 7-9 --tool claude-code --model claude-sonnet-4 >/dev/null
fi

PORT="${PORT:-8080}"
echo
echo "AI Provenance is running in VS Code at http://127.0.0.1:$PORT/?folder=$DEMO"
echo
exec env EXTENSIONS_GALLERY='{}' "$NODE24" "$CODE_SERVER/out/node/entry.js" \
  --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
  --user-data-dir "$DEV/user" --extensions-dir "$DEV/ext" "$DEMO"
