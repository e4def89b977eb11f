import { literal, quoter } from '../sql/quote.js';
import { connect, type Database } from './connect.js';

/** One part of a sharded table, read where it lives: a connection to its server and its table there. */
export interface ShardRoute {
  db: Database;
  from: string;
}

/** One partition of the table as the coordinator's catalogue describes it. */
interface Partition {
  kind: string;
  schema: string;
  name: string;
  wrapper: string | null;
  server: Map<string, string>;
  table: Map<string, string>;
  user: Map<string, string>;
  renamed: number;
  /** The coordinator's user: postgres_fdw's user on a shard when the mapping names none. */
  me: string;
}

const CATALOGUE = (
  table: string,
) => `SELECT c.relkind, n.nspname, c.relname, w.fdwname, fs.srvoptions, ft.ftoptions, current_user,
  (SELECT um.umoptions FROM pg_user_mappings AS um WHERE um.srvid = fs.oid AND um.usename IN (current_user, 'public')
    ORDER BY um.usename = 'public' LIMIT 1),
  (SELECT COUNT(*) FROM pg_attribute AS a, pg_options_to_table(a.attfdwoptions) AS o
    WHERE a.attrelid = c.oid AND o.option_name = 'column_name')
  FROM pg_inherits AS i JOIN pg_class AS c ON c.oid = i.inhrelid JOIN pg_namespace AS n ON n.oid = c.relnamespace
  LEFT JOIN pg_foreign_table AS ft ON ft.ftrelid = c.oid LEFT JOIN pg_foreign_server AS fs ON fs.oid = ft.ftserver
  LEFT JOIN pg_foreign_data_wrapper AS w ON w.oid = fs.srvfdw
  WHERE i.inhparent = to_regclass(${literal(table)}) ORDER BY c.relname`;

/** "key=value" options (as PostgreSQL lists a server's, a table's or a user mapping's) as a Map. */
function options(v: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(v)) return out;
  for (const o of v) {
    const text = String(o);
    const at = text.indexOf('=');
    if (at > 0) out.set(text.slice(0, at), text.slice(at + 1));
  }
  return out;
}

/**
 * A sharded PostgreSQL table (a table partitioned over postgres_fdw foreign tables) read shard by shard:
 * postgres_fdw ships a query to a shard only when every part of it is one it knows how to ship, which
 * leaves out what makes a pass fast (LEAST, subqueries computed once, parallel workers on the shard), so
 * Strata opens a connection to each shard (read-only unless `how.write`, for scratch tables) with the coordinator's own server options and user
 * mapping and runs there the query it runs on one server, adding up the shards' answers itself. Null
 * when that is not possible (not partitioned, a partition that is itself partitioned or on another
 * wrapper, renamed columns, a shard that refuses the connection): the coordinator then does the work.
 */
export async function directShards(
  db: Database,
  table: string,
  how: { write?: boolean } = {},
): Promise<ShardRoute[] | null> {
  if (db.dialect !== 'postgres') return null;
  const rows = await db.rows(CATALOGUE(table)).catch(() => []);
  const parts: Partition[] = rows.map((r) => ({
    kind: String(r[0]),
    schema: String(r[1]),
    name: String(r[2]),
    wrapper: r[3] === null ? null : String(r[3]),
    server: options(r[4]),
    table: options(r[5]),
    me: String(r[6]),
    user: options(r[7]),
    renamed: Number(r[8]),
  }));
  if (!parts.length || !parts.some((p) => p.kind === 'f')) return null;
  if (parts.some((p) => (p.kind === 'f' ? p.wrapper !== 'postgres_fdw' || p.renamed > 0 : p.kind !== 'r')))
    return null;
  const routes: ShardRoute[] = [];
  try {
    for (const p of parts) routes.push(await route(db, p, how.write === true));
    await oneProcessWhereShared(parts, routes);
  } catch {
    await Promise.all(routes.filter((r) => r.db !== db).map((r) => r.db.close()));
    return null;
  }
  return routes;
}

/** A server's machine as its host option names it; the loopback names and a local socket are one. */
function machine(p: Partition): string {
  const host = p.server.get('host') ?? '';
  return ['', 'localhost', '127.0.0.1', '::1'].includes(host) || host.startsWith('/') ? 'local' : host;
}

/**
 * Shards that share a machine are read at once, so their parallel workers would compete for the same
 * cores: on such shards each query runs in one process, as postgres_fdw's own remote queries do (two
 * shards on 2 cores, 2,000,000 rows: a Lloyd pass about 1.0 s instead of 1.9 s, a depth-8 tree 7.8 s instead
 * of 9.7 s). A shard alone on its machine keeps its workers.
 */
async function oneProcessWhereShared(parts: Partition[], routes: ShardRoute[]): Promise<void> {
  const shards = new Map<string, number>();
  for (const p of parts) if (p.kind === 'f') shards.set(machine(p), (shards.get(machine(p)) ?? 0) + 1);
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].kind === 'f' && (shards.get(machine(parts[i])) ?? 0) > 1)
      await routes[i].db.rows('SET max_parallel_workers_per_gather = 0');
  }
}

async function route(coordinator: Database, p: Partition, write: boolean): Promise<ShardRoute> {
  const q = quoter('postgres');
  if (p.kind === 'r') return { db: coordinator, from: `${q(p.schema)}.${q(p.name)}` };
  const host = p.server.get('host') ?? 'localhost';
  const port = p.server.get('port') ?? '5432';
  const user = p.user.get('user') ?? p.me;
  const database = p.server.get('dbname') ?? user;
  const url = `postgres://${encodeURIComponent(user)}@${host.includes(':') ? `[${host}]` : host}:${port}/${encodeURIComponent(database)}`;
  const db = await connect(url, { password: p.user.get('password'), write });
  const schema = p.table.get('schema_name') ?? p.schema;
  return { db, from: `${q(schema)}.${q(p.table.get('table_name') ?? p.name)}` };
}

/** Closes the shards' own connections (not the coordinator's). */
export async function closeShards(
  coordinator: Database,
  routes: ShardRoute[] | null | undefined,
): Promise<void> {
  await Promise.all((routes ?? []).filter((r) => r.db !== coordinator).map((r) => r.db.close()));
}
