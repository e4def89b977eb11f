import { expect, it } from 'vitest';
import { computeRfm } from '../../src/grade/rfm-scores.js';
import { hasSklearn, python, shared, suite } from '../helpers.js';

const retail = shared('online_retail/online_retail.csv.gz');

suite('RFM on UCI Online Retail equals an independent pandas computation', !!(retail && hasSklearn()), () => {
  it("customers, total monetary, and every customer's recency, frequency and monetary", async () => {
    const t0 = performance.now();
    const ours = await computeRfm(retail!, {
      customer: 'CustomerID',
      date: 'InvoiceDate',
      quantity: 'Quantity',
      price: 'UnitPrice',
      invoice: 'InvoiceNo',
      dropInvoicePrefix: 'C',
    });
    const seconds = (performance.now() - t0) / 1000;
    console.log(`RFM on Online Retail (541,909 rows): ${seconds.toFixed(1)} s`);
    const ref = python<{
      customers: number;
      total: number;
      asOf: string;
      rows: Record<string, [number, number, number]>;
      dropped: number[];
    }>(`
import json, pandas as pd
d = pd.read_csv(${JSON.stringify(retail)}, dtype={'InvoiceNo': str, 'StockCode': str}, parse_dates=['InvoiceDate'])
n0 = len(d)
no_customer = d['CustomerID'].isna().sum(); d = d[d['CustomerID'].notna()]
cancelled = d['InvoiceNo'].str.startswith('C').sum(); d = d[~d['InvoiceNo'].str.startswith('C')]
nonpos = ((d['Quantity'] <= 0) | (d['UnitPrice'] <= 0)).sum(); d = d[(d['Quantity'] > 0) & (d['UnitPrice'] > 0)]
d['Amount'] = d['Quantity'] * d['UnitPrice']
as_of = d['InvoiceDate'].max().normalize() + pd.Timedelta(days=1)
g = d.groupby(d['CustomerID'].astype(int).astype(str)).agg(last=('InvoiceDate', 'max'), f=('InvoiceNo', 'nunique'), m=('Amount', 'sum'))
g['r'] = (as_of - g['last'].dt.normalize()).dt.days
print(json.dumps({'customers': len(g), 'total': float(g['m'].sum()), 'asOf': as_of.strftime('%Y-%m-%d'),
  'dropped': [int(no_customer), int(cancelled), int(nonpos)],
  'rows': {k: [int(v.r), int(v.f), float(v.m)] for k, v in g.iterrows()}}))
`);
    expect(ours.customers.length).toBe(ref.customers);
    expect(ours.totalMonetary).toBeCloseTo(ref.total, 4);
    expect(ours.asOf).toBe(ref.asOf);
    expect([ours.dropped.noCustomer, ours.dropped.cancelled, ours.dropped.nonPositive]).toEqual(ref.dropped);
    let checked = 0;
    for (const c of ours.customers) {
      const [r, f, m] = ref.rows[c.customer];
      expect(c.recency, c.customer).toBe(r);
      expect(c.frequency, c.customer).toBe(f);
      expect(c.monetary).toBeCloseTo(m, 5);
      checked++;
    }
    expect(checked).toBe(ref.customers);
    const shares = ours.segments.reduce((a, s) => a + s.monetaryShare, 0);
    expect(shares).toBeCloseTo(1, 9);
  });
});
