import { expect, it } from 'vitest';
import { load } from '../../src/data/load.js';
import type { CategoricalColumn, Column, NumericColumn } from '../../src/data/table.js';
import { shared, suite } from '../helpers.js';

const types = (cols: readonly Column[]) => Object.fromEntries(cols.map((c) => [c.name, c.type]));

const retailCsv = shared('online_retail/online_retail.csv.gz');
const retailParquet = shared('online_retail/online_retail.parquet');
suite('Online Retail', !!(retailCsv && retailParquet), () => {
  it('reads the csv.gz and the parquet to the same 541,909 rows and values', async () => {
    const a = await load(retailCsv!);
    const b = await load(retailParquet!);
    expect(a.nRows).toBe(541_909);
    expect(b.nRows).toBe(541_909);
    expect(types(a.columns)).toEqual(types(b.columns));
    expect(a.info('InvoiceDate')!.type).toBe('date');
    expect(a.info('CustomerID')!.role).toBe('id');
    expect(a.info('Country')!.type).toBe('categorical');
    expect(a.info('CustomerID')!.missing).toBe(135_080);
    for (const name of ['Quantity', 'UnitPrice', 'CustomerID', 'InvoiceDate']) {
      const x = (a.get(name) as NumericColumn).values;
      const y = (b.get(name) as NumericColumn).values;
      let same = 0;
      for (let i = 0; i < x.length; i++)
        if (x[i] === y[i] || (Number.isNaN(x[i]) && Number.isNaN(y[i]))) same++;
      expect(same, name).toBe(x.length);
    }
    for (const name of ['InvoiceNo', 'Country', 'StockCode']) {
      for (let i = 0; i < a.nRows; i += 997) expect(a.text(name, i)).toBe(b.text(name, i));
    }
  });
});

const mall = shared('mall_customers/Mall_Customers.csv');
suite('Mall Customers', !!mall, () => {
  it('reads numeric features, a categorical gender and an id', async () => {
    const t = await load(mall!);
    expect(t.nRows).toBe(200);
    expect(types(t.columns)).toEqual({
      CustomerID: 'numeric',
      Gender: 'categorical',
      Age: 'numeric',
      'Annual Income (k$)': 'numeric',
      'Spending Score (1-100)': 'numeric',
    });
    expect(t.info('CustomerID')!.role).toBe('id');
    expect((t.get('Gender') as CategoricalColumn).levels).toEqual(['Female', 'Male']);
  });
});

const bank = shared('bank_marketing/bank-full.csv');
suite('bank-full (; separated)', !!bank, () => {
  it('reads 45,211 rows with the label y', async () => {
    const t = await load(bank!);
    expect(t.nRows).toBe(45_211);
    expect(t.names).toContain('balance');
    expect(t.get('balance')!.type).toBe('numeric');
    expect(t.get('job')!.type).toBe('categorical');
    expect(t.info('y')!.role).toBe('label');
    expect((t.get('y') as CategoricalColumn).levels).toEqual(['no', 'yes']);
  });
});

const telco = shared('telco_churn/WA_Fn-UseC_-Telco-Customer-Churn.csv');
suite('Telco churn', !!telco, () => {
  it('reads blank TotalCharges as missing numbers', async () => {
    const t = await load(telco!);
    expect(t.nRows).toBe(7043);
    expect(t.get('TotalCharges')!.type).toBe('numeric');
    expect(t.info('TotalCharges')!.missing).toBe(11);
    expect(t.info('customerID')!.role).toBe('id');
    expect(t.info('Churn')!.role).toBe('label');
  });
});

const seg = shared('customer_segmentation_AD/Train.csv');
suite('Segmentation A–D', !!seg, () => {
  it('reads mixed categorical and numeric columns with blanks', async () => {
    const t = await load(seg!);
    expect(t.nRows).toBe(8068);
    expect(t.get('Age')!.type).toBe('numeric');
    expect(t.get('Work_Experience')!.type).toBe('numeric');
    expect(t.info('Work_Experience')!.missing).toBeGreaterThan(0);
    expect(t.get('Profession')!.type).toBe('categorical');
    expect((t.get('Segmentation') as CategoricalColumn).levels).toEqual(['A', 'B', 'C', 'D']);
    expect(t.info('ID')!.role).toBe('id');
  });
});
