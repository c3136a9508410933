#!/usr/bin/env bash
# Makes sure PostgreSQL and RabbitMQ are reachable for the tests (see scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=$(node scripts/check-services.js || true)
[ -z "$missing" ] && exit 0

echo "==> Not reachable: $(echo $missing | tr '\n' ' ')"
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<MSG
The tests need PostgreSQL on 127.0.0.1:5432 (user postgres, no password) and RabbitMQ on
127.0.0.1:5672 (guest/guest). Start them, for example with:
    docker compose up -d postgres rabbitmq
and point the tests at them with TEST_DATABASE_URL=postgres://regua:regua@127.0.0.1:5432/regua
(or install them: sudo apt-get install -y postgresql rabbitmq-server). Then run the tests again.
MSG
  exit 1
fi

start_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "==> Installing PostgreSQL"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null || {
      apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
    }
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  # Local test cluster: trust loopback connections (the suite connects as postgres without a password).
  if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null ||
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload
}

start_rabbitmq() {
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    echo "==> Installing RabbitMQ"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q rabbitmq-server >/dev/null || {
      apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q rabbitmq-server >/dev/null
    }
  fi
  rabbitmq-server -detached 2>/dev/null || true
}

echo "$missing" | grep -q postgres && start_postgres
echo "$missing" | grep -q rabbitmq && start_rabbitmq

echo "==> Waiting for the services"
for _ in $(seq 1 90); do
  if node scripts/check-services.js >/dev/null; then echo "==> Services ready"; exit 0; fi
  sleep 1
done
echo "Services still unreachable after 90 s:" >&2
VERBOSE=1 node scripts/check-services.js >&2 || true
exit 1
