import { describe, expect, it } from 'vitest';
import { clusterTable, estimateMessage } from '../../src/cluster/cluster-table.js';
import { load } from '../../src/data/load.js';
import type { ProgressEvent } from '../../src/progress.js';

describe('a long clustering says up front what it will take (#31)', () => {
  it('from the time of a fit: the rest of the scan and the stability resamples', () => {
    expect(estimateMessage(8, 7, 20)).toBe(
      'a fit takes about 8 s: 7 more k of the scan about 56 s, 20 stability resamples about 3 min; about 4 min still to go',
    );
    expect(estimateMessage(2, 0, 50)).toBe(
      'a fit takes about 2 s: 50 stability resamples about 2 min; about 2 min still to go',
    );
    // Quick work stays quiet.
    expect(estimateMessage(0.5, 8, 20)).toBeUndefined();
  });

  it('a scan hears it once, as a message of its own, while a quick one stays quiet', async () => {
    const events: ProgressEvent[] = [];
    const t = await load('data/customers.csv');
    clusterTable(t, { k: 'auto', kRange: [2, 4], seed: 1, onProgress: (e) => events.push(e) });
    // On 5,000 customers a k-means fit takes well under the 20 s / 2 fits a message needs.
    expect(events.filter((e) => e.message?.startsWith('a fit takes'))).toEqual([]);
    expect(events.some((e) => e.step === 'choosing k')).toBe(true);
  });
});
