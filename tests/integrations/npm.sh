# Shared by the integration scripts that run a checker from npm: the ally binary to test, and
# an npm install with retries into a temporary directory. Source it; it sets `ally` and `work`.

here=$(cd "$(dirname "$0")/../.." && pwd)
ally=${1:-$(command -v ally || true)}
if [ -z "$ally" ] || [ ! -x "$ally" ]; then
  echo "FAIL: no ally binary; pass its path, or put one on PATH" >&2
  exit 2
fi
ally=$(cd "$(dirname "$ally")" && pwd)/$(basename "$ally")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# npm_install PACKAGE@VERSION: into $work/npm, three attempts.
npm_install() {
  echo "== installing $1"
  for attempt in 1 2 3; do
    npm install --prefix "$work/npm" --cache "$work/npm-cache" --no-audit --no-fund \
      --loglevel=error "$1" > /dev/null && return 0
    if [ "$attempt" -eq 3 ]; then
      echo "FAIL: npm install did not succeed" >&2
      exit 2
    fi
    echo "npm install failed (attempt $attempt); retrying" >&2
    sleep 5
  done
}
