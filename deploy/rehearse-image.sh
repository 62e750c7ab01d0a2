#!/usr/bin/env bash
# Rehearses the Dockerfile where Docker cannot run (no daemon, no registry): builds the web app and the
# runtime stage's file set in a temporary directory the way the image does (production dependencies
# only), then, as an unprivileged user when run as root, runs `migrate`, starts `serve` and `worker`
# with NODE_ENV=production against a Stripe emulator started from the same files, waits for the
# image's HEALTHCHECK command to pass, and stops both with SIGTERM expecting exit code 0.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/some_empty_db deploy/rehearse-image.sh
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL to an empty PostgreSQL database}"
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/tollgate-rehearsal.XXXXXX)
app="$work/app"
build="$work/build"
port=${PORT:-3199}
emulator_port=${EMULATOR_PORT:-12198}
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

as_app_user=()
if [ "$(id -u)" = 0 ]; then
  id tollgate-rehearsal >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin tollgate-rehearsal
  as_app_user=(runuser -u tollgate-rehearsal --preserve-environment --)
fi

manifests() {
  mkdir -p "$1/packages/stripe-emulator" "$1/web"
  cp "$repo/package.json" "$repo/package-lock.json" "$1/"
  cp "$repo/packages/stripe-emulator/package.json" "$1/packages/stripe-emulator/"
  cp "$repo/web/package.json" "$1/web/"
}

echo "== build stage: npm ci, npm run build -w web"
manifests "$build"
(cd "$repo" && git ls-files -z web | grep -zv -e '\.test\.tsx\?$' | xargs -0 tar -c) | tar -x -C "$build"
(cd "$build" && npm ci --no-audit --no-fund --loglevel=error && npm run build -w web --silent)

echo "== deps + runtime stages: production dependencies, bin/ src/ drizzle/ emulator, web/dist"
manifests "$app"
(cd "$app" && npm ci --omit=dev --no-audit --no-fund --loglevel=error --include-workspace-root \
  --workspace=packages/stripe-emulator)
(cd "$repo" && git ls-files -z bin src drizzle packages/stripe-emulator/bin packages/stripe-emulator/src |
  xargs -0 tar -c) | tar -x -C "$app"
cp -r "$build/web/dist" "$app/web/dist"
chmod -R a+rX "$work"
mkdir -p "$work/data"
[ "$(id -u)" = 0 ] && chown tollgate-rehearsal "$work/data"

export NODE_ENV=production HOST=127.0.0.1 PORT=$port DATA_DIR="$work/data" LOG_LEVEL=warn
export APP_URL=https://billing.example.com SESSION_SECRET=rehearsal-secret-0123456789abcdefghijklmnop
export STRIPE_SECRET_KEY=sk_test_rehearsal STRIPE_API_BASE="http://127.0.0.1:$emulator_port"
export STRIPE_WEBHOOK_SECRET=whsec_rehearsal SMTP_URL=smtp://127.0.0.1:2525 TRUST_PROXY=1
node=$(command -v node)
cd "$app"

"${as_app_user[@]}" "$node" --experimental-strip-types packages/stripe-emulator/bin/stripe-emulator.js \
  --port "$emulator_port" --webhook-url "http://127.0.0.1:$port/api/stripe/webhook" \
  --webhook-secret "$STRIPE_WEBHOOK_SECRET" >"$work/emulator.log" 2>&1 &
pids+=("$!")

echo "== migrate"
"${as_app_user[@]}" "$node" --experimental-strip-types bin/tollgate.js migrate

echo "== serve and worker"
"${as_app_user[@]}" "$node" --experimental-strip-types bin/tollgate.js serve >"$work/serve.log" 2>&1 &
serve=$!
pids+=("$serve")
"${as_app_user[@]}" "$node" --experimental-strip-types bin/tollgate.js worker >"$work/worker.log" 2>&1 &
worker=$!
pids+=("$worker")

# The image's HEALTHCHECK command, as the app user.
healthy=no
for _ in $(seq 1 60); do
  if "${as_app_user[@]}" "$node" -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then
    healthy=yes
    break
  fi
  sleep 1
done
curl -s "http://127.0.0.1:$port/health" && echo
echo "serve runs as: $(ps -o user= -p "$(pgrep -P "$serve" || echo "$serve")")"
[ "$healthy" = yes ] || { cat "$work/serve.log"; echo "serve never became healthy"; exit 1; }

# SIGTERM to the node processes themselves, as `docker stop` signals PID 1.
kill -TERM "$(pgrep -P "$serve" || echo "$serve")" "$(pgrep -P "$worker" || echo "$worker")"
status=0
wait "$serve" || status=$?
echo "serve exit $status"
[ "$status" = 0 ] || exit 1
wait "$worker" || status=$?
echo "worker exit $status"
[ "$status" = 0 ] || exit 1
echo "rehearsal passed"
