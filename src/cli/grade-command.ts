import type { Command } from 'commander';
import {
  GRADE_OPTIONS,
  type GradeRunResult,
  grade,
  load,
  PARETO_DEFAULTS,
  type ParetoRunResult,
  type ParetoSummary,
  pareto,
  paretoDatabase,
  readAssignments,
  readClv,
  readScorecard,
  readStaff,
} from '../index.js';
import { round } from '../util/stats.js';
import { checkSource, type DbFlags, dbFlags, withDatabase } from './db-flags.js';
import { OutputDir, outFlags } from './output.js';
import { byDefault, list, optionsFrom } from './parse.js';
import { loadOptions, type ReadFlags, readFlags, unitsOf } from './read-flags.js';
import { printResult } from './results.js';
import { num, pct, textTable } from './table-text.js';

interface OutFlags extends ReadFlags {
  out: string;
  force?: boolean;
  json?: boolean;
}

/** What `strata grade` prints without --json. */
export function gradeText(result: GradeRunResult): string {
  const s = result.summary;
  const card = result.grades.card;
  const withValue = s.tiers.some((t) => t.valueShare !== undefined);
  const rows = Array.isArray(s.input) ? s.input[0].rows : s.input.rows;
  const lines = [`Graded ${num(rows)} customers with "${s.scorecard}".`];
  if (s.scoreRange)
    lines.push(`Scores can range from ${round(s.scoreRange[0], 6)} to ${round(s.scoreRange[1], 6)}.`);
  lines.push(
    textTable(
      [
        'tier',
        card.tiersBy ? `${card.tiersBy} ≥` : 'score ≥',
        'customers',
        'share',
        ...(withValue ? [`${String(s.parameters.value)} share`] : []),
        'owner',
        'follow-up',
        'next due',
      ],
      s.tiers.map((t) => [
        t.tier,
        t.min === null ? '' : String(t.min),
        num(t.customers),
        pct(t.share),
        ...(withValue ? [pct(t.valueShare ?? 0)] : []),
        t.owner,
        t.followUp,
        t.due ?? '—',
      ]),
      [false, true, true, true, ...(withValue ? [true] : []), false, false, false],
    ),
  );
  lines.push(`Follow-ups count from ${s.asOf}; follow-up.csv lists every customer with the date due.`);
  const x = s.tierBySegment;
  if (x)
    lines.push(
      '',
      `Tiers by segment (customers${x.valueShare ? `, share of ${String(s.parameters.value)}` : ''}):`,
      textTable(
        ['tier', ...x.segments],
        x.tiers.map((t, i) => [
          t,
          ...x.customers[i].map((c, j) => (x.valueShare ? `${num(c)} (${pct(x.valueShare[i][j])})` : num(c))),
        ]),
        [false, ...x.segments.map(() => true)],
      ),
    );
  const st = s.staffing;
  if (st)
    lines.push(
      '',
      `With the staff's spans (placed by points, ${st.gap === 0 ? 'optimal' : `gap ${st.gap}`}): ${num(st.changed)} customers get another tier (staffing.csv).`,
      textTable(
        ['staffed tier', 'capacity', 'customers'],
        st.tiers.map((t) => [t.tier, t.capacity === null ? 'pooled' : num(t.capacity), num(t.customers)]),
        [false, true, true],
      ),
    );
  return lines.join('\n');
}

interface GradeFlags extends OutFlags {
  clv?: string;
  staff?: string;
  scorecard: string;
  value?: string;
  asOf?: string;
  segments?: string;
  withData?: boolean;
}

function paretoText(s: ParetoSummary): string {
  const rows = Array.isArray(s.input) ? s.input[0].rows : s.input.rows;
  const lines = [`${num(rows)} customers; ${s.headline}.`];
  if (s.missing) lines.push(`${num(s.missing)} missing values counted as zero.`);
  lines.push(
    textTable(
      ['top customers', `share of ${s.value}`],
      s.topShares.map((t) => [pct(t.customerShare, 0), pct(t.valueShare)]),
      [true, true],
    ),
  );
  lines.push(
    '',
    textTable(
      ['class', 'customers', `share of ${s.value}`],
      s.classes.map((c) => [c.class, num(c.customers), pct(c.valueShare)]),
      [false, true, true],
    ),
  );
  return lines.join('\n');
}

export function registerGrade(program: Command): void {
  outFlags(
    readFlags(program.command('grade <file>'))
      .description(
        'grade customers with a weighted scorecard (YAML/JSON): score, points, tier and service policy',
      )
      .requiredOption('--scorecard <card>', 'the scorecard file (see data/scorecards/)')
      .option('--value <col>', "a money column: ranks each tier's follow-up list, gives each tier its share")
      .option('--as-of <date>', 'the date follow-ups count from, YYYY-MM-DD (default: today)')
      .option(
        '--segments <file>',
        "a clustering's assignments.csv (or its folder): adds the tier × segment table",
      )
      .option(
        '--clv <file>',
        "a clv run's clv.csv (or its folder): each customer's lifetime value as a column clv the card can use",
      )
      .option(
        '--with-data',
        'also write graded-data.csv: every column of the file and the tier, for classify --label tier or compare --assigned tier',
      )
      .option(
        '--staff <file>',
        'a staff file (as strata assign reads): the tiers the managers can carry, placed by the points (staffing.csv)',
      ),
    'reports/grade',
  ).action(async (file: string, flags: GradeFlags) => {
    const out = OutputDir.from(flags);
    const { clv: clvFile, staff: staffFile, ...rest } = flags;
    const options = optionsFrom(GRADE_OPTIONS, rest);
    const card = readScorecard(flags.scorecard);
    const segments = flags.segments ? await readAssignments(flags.segments) : undefined;
    const clv = clvFile ? await readClv(clvFile) : undefined;
    const staff = staffFile ? readStaff(staffFile) : undefined;
    const table = await load(file, loadOptions(flags));
    const result = grade(card, table, {
      ...options,
      cardFile: flags.scorecard,
      segments,
      segmentsFrom: flags.segments,
      clv,
      clvFrom: clvFile,
      staff,
      units: unitsOf(flags),
    });
    out.addResult(result);
    printResult(flags, result.summary, gradeText(result), await out.finish());
  });

  outFlags(
    dbFlags(readFlags(program.command('pareto [file]')), { bucket: false })
      .description('Pareto / ABC view of a value column: who holds how much')
      .requiredOption('--value <col>', 'the value column (e.g. sales)')
      .option(
        '--cutoffs <a,b>',
        `cumulative shares closing classes A and B${byDefault(PARETO_DEFAULTS.cutoffs)}`,
      ),
    'reports/pareto',
  ).action(
    async (file: string | undefined, flags: OutFlags & DbFlags & { value: string; cutoffs?: string }) => {
      checkSource(file, flags);
      const out = OutputDir.from(flags);
      const cutoffs = list(flags.cutoffs)?.map(Number) as [number, number] | undefined;
      const options = { value: flags.value, cutoffs, id: flags.id, units: unitsOf(flags) };
      let result: ParetoRunResult;
      if (flags.db !== undefined) {
        result = await withDatabase(flags.db, (db) =>
          paretoDatabase(db, { ...options, table: flags.table, query: flags.query }),
        );
      } else result = pareto(await load(file!, loadOptions(flags)), options);
      out.addResult(result);
      printResult(flags, result.summary, paretoText(result.summary), await out.finish());
    },
  );
}
