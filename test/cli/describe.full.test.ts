import { expect, it } from 'vitest';
import { cli, shared, suite } from '../helpers.js';

const retail = shared('online_retail/online_retail.csv.gz');
suite('describe on Online Retail', !!retail, () => {
  it('classifies InvoiceDate as a date, CustomerID as an id, Country as categorical', () => {
    const r = cli(['describe', retail!, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as {
      input: { rows: number };
      warnings: { code: string; message: string }[];
      columns: { name: string; type: string; role: string }[];
    };
    const byName = Object.fromEntries(d.columns.map((c) => [c.name, c]));
    expect(d.input.rows).toBe(541_909);
    // Invoices and stock codes look like ids by name but repeat: the summary says so.
    const repeats = d.warnings.filter((w) => w.code === 'id-repeats').map((w) => w.message);
    expect(repeats.some((m) => m.startsWith('"InvoiceNo"'))).toBe(true);
    expect(byName.InvoiceDate.type).toBe('date');
    expect(byName.CustomerID.role).toBe('id');
    expect(byName.Country.type).toBe('categorical');
  });
});
