/**
 * Whole processes, file to results, against pandas + scikit-learn doing the same work (issue #14):
 * each row is one run of each side, timed with its peak memory by GNU time.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '../../src/util/random.js';
import { BENCH_DIR, type BenchRow, blobs, peakMemory } from './common.js';

const STRATA = [process.execPath, 'bin/strata.js'];
const PY = (code: string) => ['/usr/bin/python3', '-c', code];
const RETAIL = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'shared',
  'data',
  'online_retail',
  'online_retail.csv.gz',
);

function row(
  name: string,
  ours: ReturnType<typeof peakMemory>,
  peer: ReturnType<typeof peakMemory> | null,
  what: string,
): BenchRow {
  const exit = ours.status === 0 ? '' : `; exit ${ours.status}`;
  return {
    name,
    strata: ours.seconds,
    sklearn: peer?.seconds,
    unit: 's',
    note: `${what}; peak memory ${ours.mb.toFixed(0)} MB${peer ? ` vs ${peer.mb.toFixed(0)} MB` : ''}${exit}`,
  };
}

/** An n × 8 blob CSV (the k-means section writes the 1M one too). */
function customersCsv(n = 1_000_000): string {
  const csv = join(BENCH_DIR, n === 1_000_000 ? 'customers-1m.csv' : `customers-${n / 1_000_000}m.csv`);
  if (existsSync(csv)) return csv;
  const d = 8;
  const x = blobs(n, d, 8, 7);
  // Written in pieces: five million lines joined at once would be one string of 400 MB.
  writeFileSync(csv, 'id,f1,f2,f3,f4,f5,f6,f7,f8\n');
  for (let from = 0; from < n; from += 100_000) {
    const lines: string[] = [];
    for (let i = from; i < Math.min(n, from + 100_000); i++)
      lines.push(`${i + 1},${Array.from(x.subarray(i * d, i * d + d), (v) => v.toFixed(4)).join(',')}`);
    appendFileSync(csv, `${lines.join('\n')}\n`);
  }
  return csv;
}

/** 200,000 × 10 with a noisy non-linear three-class label. */
function treeCsv(): string {
  const csv = join(BENCH_DIR, 'tree-200k.csv');
  if (existsSync(csv)) return csv;
  const r = new Random(11);
  const lines = [`${Array.from({ length: 10 }, (_, j) => `x${j}`).join(',')},label`];
  for (let i = 0; i < 200_000; i++) {
    const x = Array.from({ length: 10 }, () => r.normal(0, 1));
    const s = x[0] * x[1] + Math.sin(2 * x[2]) + 0.5 * x[3] + r.normal(0, 0.5);
    lines.push(`${x.map((v) => v.toFixed(4)).join(',')},${s < -0.5 ? 'A' : s < 0.5 ? 'B' : 'C'}`);
  }
  writeFileSync(csv, `${lines.join('\n')}\n`);
  return csv;
}

/** 3,000 columns × 10,000 rows of small integers. */
function wideCsv(): string {
  const csv = join(BENCH_DIR, 'wide-3000x10000.csv');
  if (existsSync(csv)) return csv;
  const cols = 3000;
  const lines = [Array.from({ length: cols }, (_, j) => `c${j}`).join(',')];
  for (let i = 0; i < 10_000; i++)
    lines.push(Array.from({ length: cols }, (_, j) => (i * 31 + j * 7) % 97).join(','));
  writeFileSync(csv, `${lines.join('\n')}\n`);
  return csv;
}

export function benchProcess(): BenchRow[] {
  const rows: BenchRow[] = [];
  const out = (name: string) => join(BENCH_DIR, `process-${name}`);
  const customers = customersCsv();

  rows.push(
    row(
      'load a 1,000,000 × 8 CSV into a table (whole process)',
      peakMemory([
        process.execPath,
        '--input-type=module',
        '-e',
        `import { load } from './dist/index.js'; await load(${JSON.stringify(customers)});`,
      ]),
      peakMemory(PY(`import pandas as pd; pd.read_csv(${JSON.stringify(customers)})`)),
      'Strata load() against pandas.read_csv',
    ),
  );

  for (const [k, file, size] of [
    [8, customers, '1,000,000'],
    [20, customers, '1,000,000'],
    [8, customersCsv(5_000_000), '5,000,000'],
  ] as const) {
    rows.push(
      row(
        `cluster a ${size} × 8 CSV, k = ${k}, one start, no report (read, scale, fit, write)`,
        peakMemory([
          ...STRATA,
          'cluster',
          file,
          '--k',
          String(k),
          '--n-init',
          '1',
          '--no-report',
          '--quiet',
          '--force',
          '--out',
          out(`cluster-${k}-${size.replace(/,/g, '')}`),
        ]),
        peakMemory(
          PY(`import pandas as pd; from sklearn.preprocessing import StandardScaler; from sklearn.cluster import KMeans; from sklearn.metrics import silhouette_score
d = pd.read_csv(${JSON.stringify(file)}); x = StandardScaler().fit_transform(d.drop(columns=['id']).to_numpy())
m = KMeans(n_clusters=${k}, n_init=1).fit(x); silhouette_score(x, m.labels_, sample_size=10000, random_state=0)
pd.DataFrame({'id': d['id'], 'cluster': m.labels_}).to_csv(${JSON.stringify(join(BENCH_DIR, 'process-sk.csv'))}, index=False)`),
        ),
        'peer: pandas read + scale + fit + silhouette on 10,000 + assignments CSV',
      ),
    );
  }

  const tree = treeCsv();
  rows.push(
    row(
      'classify 200,000 × 10, 5-fold CV, depth 10, no report (whole process)',
      peakMemory([
        ...STRATA,
        'classify',
        tree,
        '--label',
        'label',
        '--max-depth',
        '10',
        '--folds',
        '5',
        '--no-report',
        '--quiet',
        '--force',
        '--out',
        out('classify'),
      ]),
      peakMemory(
        PY(`import pandas as pd; from sklearn.tree import DecisionTreeClassifier; from sklearn.model_selection import StratifiedKFold, cross_val_score
d = pd.read_csv(${JSON.stringify(tree)}); x = d.drop(columns=['label']).to_numpy(); y = d['label']
cross_val_score(DecisionTreeClassifier(max_depth=10, random_state=0), x, y, cv=StratifiedKFold(5, shuffle=True, random_state=0))
DecisionTreeClassifier(max_depth=10, random_state=0).fit(x, y)`),
      ),
      'peer: pandas read + 5-fold cross_val_score + final fit; Strata also writes rules and impurity importances',
    ),
  );

  if (existsSync(RETAIL)) {
    rows.push(
      row(
        'rfm on UCI Online Retail .csv.gz (whole process)',
        peakMemory([
          ...STRATA,
          'rfm',
          RETAIL,
          '--customer',
          'CustomerID',
          '--date',
          'InvoiceDate',
          '--quantity',
          'Quantity',
          '--price',
          'UnitPrice',
          '--invoice',
          'InvoiceNo',
          '--drop-invoice-prefix',
          'C',
          '--no-report',
          '--quiet',
          '--force',
          '--out',
          out('rfm'),
        ]),
        peakMemory(
          PY(`import pandas as pd
d=pd.read_csv(${JSON.stringify(RETAIL)}, dtype={'InvoiceNo':str,'StockCode':str}, parse_dates=['InvoiceDate'])
d=d[d.CustomerID.notna()]; d=d[~d.InvoiceNo.str.startswith('C')]; d=d[(d.Quantity>0)&(d.UnitPrice>0)]
d['amount']=d.Quantity*d.UnitPrice
asof=d.InvoiceDate.max().normalize()+pd.Timedelta(days=1)
g=d.groupby('CustomerID').agg(last=('InvoiceDate','max'), f=('InvoiceNo','nunique'), m=('amount','sum'))
g['recency']=(asof-g['last'].dt.normalize()).dt.days
for c,asc in (('recency',False),('f',True),('m',True)): g[c+'_score']=1+(5*(g[c].rank(method='min',ascending=asc)-1)//len(g)).astype(int)
g.to_csv(${JSON.stringify(join(BENCH_DIR, 'process-rfm.csv'))})`),
        ),
        'peer: pandas read + clean + group + scores + CSV',
      ),
    );
  }

  rows.push(
    row(
      'describe a 3,000-column × 10,000-row CSV (whole process)',
      peakMemory([...STRATA, 'describe', wideCsv(), '--quiet']),
      null,
      'target: under 10 s',
    ),
  );
  return rows;
}
