import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { warningText } from '../../src/cli/results.js';
import { cli, tempDir } from '../helpers.js';

describe('warnings in the terminal name the flags, not the library options', () => {
  it('a deep tree is told to use --max-depth, --min-leaf or --ccp-alpha; --json keeps the library summary', () => {
    const args = [
      'classify',
      'data/customers.csv',
      '--label',
      'assigned_tier',
      '--max-depth',
      '14',
      '--min-leaf',
      '1',
      '--no-report',
    ];
    const text = cli([...args, '--out', join(tempDir(), 'a')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('limit it with --max-depth, --min-leaf or --ccp-alpha');
    expect(text.stdout).not.toMatch(/maxDepth|minSamplesLeaf|ccpAlpha/);
    const json = cli([...args, '--out', join(tempDir(), 'b'), '--json']);
    expect(json.stderr).toContain('limit it with --max-depth, --min-leaf or --ccp-alpha');
    const summary = JSON.parse(json.stdout) as { warnings: { message: string }[] };
    expect(summary.warnings.map((w) => w.message).join()).toContain('maxDepth, minSamplesLeaf or ccpAlpha');
  });

  it('only option names change: a column that merely looks like one stays', () => {
    expect(warningText('column "salesGrowth" and maxBadShare')).toBe('column "salesGrowth" and --max-bad');
  });
});
