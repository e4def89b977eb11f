import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { duckdbApi } from '../data/duck.js';
import type { Table } from '../data/table.js';
import { DataError } from '../errors.js';
import { type Cell, toCsv } from '../util/csv.js';

export type DecisionAction = 'accept' | 'keep' | 'set';
export const DECISION_ACTIONS: readonly DecisionAction[] = ['accept', 'keep', 'set'];

/** What a reviewer decided about one customer's tier: a row of the audit trail, never changed after. */
export interface Decision {
  /** Order of arrival: the later of two decisions on a customer is the one in force. */
  seq: number;
  at: string;
  reviewer: string;
  /** The data file (its workbench key) the customer belongs to. */
  dataset: string;
  customer: string;
  /** The tier before, and after the decision. */
  from: string;
  to: string;
  action: DecisionAction;
  reason: string;
}

export type NewDecision = Omit<Decision, 'seq' | 'at'>;

/** Why a decision is refused: the field and what is wrong with it. */
export class DecisionError extends Error {}

const LIMITS: [keyof NewDecision, number][] = [
  ['reviewer', 100],
  ['dataset', 300],
  ['customer', 300],
  ['from', 100],
  ['to', 100],
  ['reason', 2000],
];

/** A decision as a client sent it, checked field by field. */
export function checkDecision(v: unknown): NewDecision {
  if (!v || typeof v !== 'object') throw new DecisionError('a decision is a JSON object');
  const o = v as Record<string, unknown>;
  for (const [field, max] of LIMITS) {
    const x = o[field];
    if (typeof x !== 'string' || !x.trim()) throw new DecisionError(`${field} is required (text)`);
    if (x.length > max) throw new DecisionError(`${field} is longer than ${max} characters`);
  }
  if (!DECISION_ACTIONS.includes(o.action as DecisionAction))
    throw new DecisionError(`action is one of ${DECISION_ACTIONS.join(', ')}`);
  if (o.action === 'keep' && o.to !== o.from)
    throw new DecisionError('keep leaves the tier as it was: to equals from');
  return {
    reviewer: (o.reviewer as string).trim(),
    dataset: o.dataset as string,
    customer: o.customer as string,
    from: o.from as string,
    to: o.to as string,
    action: o.action as DecisionAction,
    reason: (o.reason as string).trim(),
  };
}

/** The decision in force per customer: the latest one. */
export function inForce(log: readonly Decision[]): Map<string, Decision> {
  const m = new Map<string, Decision>();
  for (const d of log) m.set(d.customer, d);
  return m;
}

/**
 * The decision log: an embedded DuckDB database in DIR/.strata, append-only. Each decision is
 * committed before it is acknowledged, so a server killed afterwards has it; values are bound as
 * parameters, never written into SQL.
 */
export class DecisionLog {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly con: DuckDBConnection,
    /** The last sequence number used: this process alone writes the file (DuckDB locks it). */
    private seq: number,
  ) {}

  /** Appends go one at a time, so `seq` follows the order of acknowledgement. */
  private queue: Promise<unknown> = Promise.resolve();

  static async open(root: string): Promise<DecisionLog> {
    const dir = join(root, '.strata');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'decisions.duckdb');
    const instance = await duckdbApi.DuckDBInstance.create(file, { threads: '1' }).catch((e: Error) => {
      throw openFailure(file, e.message);
    });
    const con = await instance.connect();
    await con.run(`CREATE TABLE IF NOT EXISTS decisions (
      seq BIGINT PRIMARY KEY, decided_at VARCHAR NOT NULL, reviewer VARCHAR NOT NULL, dataset VARCHAR NOT NULL,
      customer VARCHAR NOT NULL, from_tier VARCHAR NOT NULL, to_tier VARCHAR NOT NULL,
      action VARCHAR NOT NULL, reason VARCHAR NOT NULL)`);
    const [[last]] = (await con.runAndReadAll('SELECT COALESCE(MAX(seq), 0) FROM decisions')).getRowsJS();
    return new DecisionLog(instance, con, Number(last));
  }

  /** Records a decision and resolves once it is committed. */
  add(d: NewDecision): Promise<Decision> {
    const next = this.queue.then(async () => {
      const row: Decision = { seq: this.seq + 1, at: new Date().toISOString(), ...d };
      await this.con.run('INSERT INTO decisions VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
        row.seq,
        row.at,
        row.reviewer,
        row.dataset,
        row.customer,
        row.from,
        row.to,
        row.action,
        row.reason,
      ]);
      this.seq = row.seq;
      return row;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Every decision on a data file, in the order they were taken. */
  async list(dataset: string): Promise<Decision[]> {
    const rows = (
      await this.con.runAndReadAll(
        'SELECT seq, decided_at, reviewer, dataset, customer, from_tier, to_tier, action, reason FROM decisions WHERE dataset = $1 ORDER BY seq',
        [dataset],
      )
    ).getRowsJS();
    return rows.map((r) => ({
      seq: Number(r[0]),
      at: String(r[1]),
      reviewer: String(r[2]),
      dataset: String(r[3]),
      customer: String(r[4]),
      from: String(r[5]),
      to: String(r[6]),
      action: String(r[7]) as DecisionAction,
      reason: String(r[8]),
    }));
  }

  /** The decision log as CSV (every cell that could start a spreadsheet formula is neutralised). */
  async logCsv(dataset: string): Promise<string> {
    return toCsv(
      ['seq', 'at', 'reviewer', 'customer', 'from', 'to', 'action', 'reason'],
      (await this.list(dataset)).map((d) => [
        d.seq,
        d.at,
        d.reviewer,
        d.customer,
        d.from,
        d.to,
        d.action,
        d.reason,
      ]),
    );
  }

  /**
   * Every customer's tier in force: the latest decision, else the assigned tier; under the data file's
   * own id and tier column names, so `strata migrate FILE tiers.csv --id ID --tier TIER` reads the move.
   */
  async finalTiersCsv(dataset: string, table: Table, id: string, assigned: string): Promise<string> {
    const last = inForce(await this.list(dataset));
    const rows: Cell[][] = [];
    for (let i = 0; i < table.nRows; i++) {
      const customer = table.text(id, i);
      const d = last.get(customer);
      rows.push([customer, d ? d.to : table.text(assigned, i), d ? d.reviewer : '', d ? d.at : '']);
    }
    return toCsv([id, assigned, 'decided_by', 'decided_at'], rows);
  }

  /** The tier in force per decided customer (the latest decision), as `strata migrate` reads tiers. */
  async tiersCsv(dataset: string): Promise<string> {
    const last = inForce(await this.list(dataset));
    return toCsv(
      ['customer', 'tier', 'decided_by', 'decided_at'],
      [...last.values()].map((d) => [d.customer, d.to, d.reviewer, d.at]),
    );
  }

  close(): void {
    this.con.closeSync();
    this.instance.closeSync();
  }
}

/** Why the decision log cannot be opened, in words a user can act on. */
function openFailure(file: string, message: string): DataError {
  const pid = /Conflicting lock is held in .*\(PID (\d+)\)/.exec(message)?.[1];
  if (pid)
    return new DataError(
      { file },
      `another workbench (process ${pid}) has this folder open; stop it first, or serve another folder`,
    );
  if (/not a valid DuckDB database file/i.test(message))
    return new DataError(
      { file },
      'the decision log is damaged (not a DuckDB database): move it aside to start a new log, or restore it from a copy',
    );
  return new DataError({ file }, `the decision log cannot be opened: ${message.split('\n')[0]}`);
}
