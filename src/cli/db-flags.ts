import type { Command } from 'commander';
import { connect, type Database, UsageError } from '../index.js';

/** Where customers who stay in their database are: the flags `cluster` and `classify` share. */
export interface DbFlags {
  db?: string;
  table?: string;
  query?: string;
  bucket?: string;
}

export function dbFlags(cmd: Command, o: { bucket?: boolean } = {}): Command {
  cmd
    .option(
      '--db <url>',
      'train where the customers are: duckdb:PATH or postgres://user@host:port/db (password from PGPASSWORD or ~/.pgpass), instead of a file',
    )
    .option('--table <name>', 'with --db: the table (or schema.table) of customers')
    .option('--query <select>', 'with --db: a SELECT whose rows are the customers');
  if (o.bucket !== false)
    cmd.option(
      '--bucket <col>',
      'with --db: the partition-key column of a sharded table (aggregates run per shard)',
    );
  return cmd;
}

/** A file or a database: exactly one. */
export function checkSource(file: string | undefined, flags: DbFlags): void {
  if ((file === undefined) === (flags.db === undefined))
    throw new UsageError('give a file, or --db with --table or --query: one of the two');
}

/** Opens the database, does `work` in it, and closes it whatever happens (committing when writing). */
export async function withDatabase<T>(
  url: string,
  work: (db: Database) => Promise<T>,
  options: { write?: boolean } = {},
): Promise<T> {
  const db = await connect(url, options);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
