#!/usr/bin/env bash
# Two more PostgreSQL servers on loopback (ports 55441 and 55442) as shards of the server on 5432,
# which becomes the coordinator: postgres_fdw servers shard_a / shard_b in its database strata_test
# (async_capable, so both shards work at once; use_remote_estimate and fdw_tuple_cost 1, so the planner
# asks the shards for costs and prices moving a row
# between machines above aggregating it where it is, and pushes GROUP BY to the shards). The tests
# create their partitioned tables on it.
# Safe to run again. See ../shared/docs/sharded-postgres.md for what pushes down.
set -euo pipefail
bash "$(dirname "$0")/postgres.sh" >/dev/null
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
bin=/usr/lib/postgresql/$version/bin
root=/tmp/strata-shards
mkdir -p $root && chown postgres $root
for port in 55441 55442; do
  dir=$root/d$port
  if [ ! -f $dir/PG_VERSION ]; then
    su postgres -c "$bin/initdb -D $dir -A trust -U postgres" >/dev/null
  fi
  if ! pg_isready -h 127.0.0.1 -p $port -q; then
    su postgres -c "$bin/pg_ctl -D $dir -o '-p $port -k $root -c listen_addresses=127.0.0.1 -c jit=off' -l $root/log$port -w start" >/dev/null
  fi
done
su postgres -c "psql -q -d strata_test" <<'SQL' >/dev/null
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_foreign_server WHERE srvname = 'shard_a') THEN
    CREATE SERVER shard_a FOREIGN DATA WRAPPER postgres_fdw
      OPTIONS (host '127.0.0.1', port '55441', dbname 'postgres', async_capable 'true', fetch_size '10000', fdw_tuple_cost '1', use_remote_estimate 'true', batch_size '1000');
    CREATE USER MAPPING FOR postgres SERVER shard_a OPTIONS (user 'postgres');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_foreign_server WHERE srvname = 'shard_b') THEN
    CREATE SERVER shard_b FOREIGN DATA WRAPPER postgres_fdw
      OPTIONS (host '127.0.0.1', port '55442', dbname 'postgres', async_capable 'true', fetch_size '10000', fdw_tuple_cost '1', use_remote_estimate 'true', batch_size '1000');
    CREATE USER MAPPING FOR postgres SERVER shard_b OPTIONS (user 'postgres');
  END IF;
END $$;
SQL
echo "PostgreSQL shards up on 127.0.0.1:55441 and 55442 (foreign servers shard_a, shard_b in strata_test)"
