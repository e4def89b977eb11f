import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

describe('nothing is left out in silence', () => {
  it('a column whose name looks like a label stays a feature; ids are recognised by name and uniqueness', () => {
    const dir = tempDir();
    const rows = Array.from({ length: 120 }, (_, i) =>
      [
        700000 + i * 13,
        ['Married', 'Single', 'Divorced'][i % 3],
        (i * 7) % 50,
        i % 4 === 0 ? 'Attrited' : 'Existing',
      ].join(','),
    );
    const file = join(dir, 'churn.csv');
    writeFileSync(file, `CLIENTNUM,Marital_Status,Months_on_book,Attrition_Flag\n${rows.join('\n')}\n`);
    const r = cli([
      'classify',
      file,
      '--label',
      'Attrition_Flag',
      '--max-depth',
      '2',
      '--out',
      join(dir, 'o'),
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.features).toEqual(['Marital_Status', 'Months_on_book']);
    expect(s.leftOut).toEqual([
      { column: 'CLIENTNUM', reason: 'the id, recognised by its unique values or its name' },
      { column: 'Attrition_Flag', reason: 'the label' },
    ]);
    const text = cli([
      'classify',
      file,
      '--label',
      'Attrition_Flag',
      '--max-depth',
      '2',
      '--out',
      join(dir, 'p'),
    ]);
    expect(text.stdout).toContain(
      'Not features: CLIENTNUM — the id, recognised by its unique values or its name.',
    );
  });

  it('clustering lists the categorical columns it did not use, and why, in the summary and the report', () => {
    const out = join(tempDir(), 'c');
    const r = cli(['cluster', 'data/customers.csv', '--k', '3', '--out', out, '--json']);
    const s = JSON.parse(r.stdout);
    // One reason shared by several columns reads in the plural.
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain(
      'industry, region, ownership, assigned\\_tier — categorical; name them in features to one-hot them.',
    );
    expect(s.leftOut.map((x: { column: string }) => x.column)).toEqual([
      'customer_id',
      'industry',
      'region',
      'ownership',
      'assigned_tier',
    ]);
    expect(s.features.length + s.leftOut.length).toBe(15);
  });

  it('segment names use the features only, never a column the clustering did not use', () => {
    const r = cli([
      'cluster',
      'data/customers.csv',
      '--features',
      'margin_pct,credit_score',
      '--k',
      '4',
      '--out',
      join(tempDir(), 'n'),
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const names = JSON.parse(r.stdout).clusters.map((c: { segment: string }) => c.segment);
    // Plain words of these two features only ("Thin-margin, creditworthy customers"), or their traits.
    for (const n of names)
      expect(n, n).toMatch(
        /^(((High|Thin)-margin|Creditworthy|Low-credit)(, (high|thin)-margin|, creditworthy|, low-credit)? customers|((Very )?(High|Low) (margin pct|credit score)|Typical customers)( · .*)?)( \(\d\))?$/,
      );
    expect(names.join(' ')).not.toMatch(/tier|industry|region|ownership|sales|assets|spending|large/i);
  });
});
