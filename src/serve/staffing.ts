import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Staff } from '../assign/staff.js';
import { validateStaff } from '../assign/staff.js';
import { lazyRequire } from '../util/lazy-require.js';
import { parseYamlData } from '../util/yaml-data.js';

const yaml = lazyRequire<typeof import('yaml')>('yaml');

/** The staff files shipped with Strata (data/staff beside the package). */
const SHIPPED = fileURLToPath(new URL('../../data/staff/', import.meta.url));

/** Where plans saved in the workbench go: each a staff file with who saved it, when, and what it was worth. */
export const SAVED_PLANS = join('.strata', 'staff');

export interface StaffFile {
  key: string;
  name: string;
  path: string;
}

function staffIn(folder: string, prefix: string, label: (f: string) => string): StaffFile[] {
  let names: string[];
  try {
    names = readdirSync(folder)
      .filter((f) => /\.ya?ml$/i.test(f))
      .sort();
  } catch {
    return [];
  }
  return names
    .map((f) => ({ key: `${prefix}:${f}`, name: label(f), path: join(folder, f) }))
    .filter((s) => {
      // A YAML file that is not a staff file (a scorecard) is not offered.
      try {
        validateStaff(s.path, parseYamlData(readFileSync(s.path, 'utf8')));
        return true;
      } catch {
        return false;
      }
    });
}

/** The staff files offered: in DIR, saved here, and shipped. */
export function staffFiles(dir: string): StaffFile[] {
  return [
    ...staffIn(dir, 'dir', (f) => f),
    ...staffIn(join(dir, SAVED_PLANS), 'saved', (f) => `${f} (saved here)`),
    ...staffIn(SHIPPED, 'shipped', (f) => `${f} (shipped with Strata)`),
  ];
}

/**
 * The staff as edited on the page: spans changed by manager (in the file's order) and managers added
 * to a tier, each a copy of a named one (their attributes and span).
 */
export function editedStaff(
  staff: Staff,
  spans: ReadonlyMap<number, number>,
  added: ReadonlyMap<number, { like: string; count: number }>,
): Staff {
  let index = 0;
  const tiers = staff.tiers.map((t, ti) => {
    const managers = t.managers.map((m) => {
      const span = spans.get(index++);
      return span === undefined ? m : { ...m, span };
    });
    const add = added.get(ti);
    const like = add && managers.find((m) => m.name === add.like);
    if (add && like)
      for (let k = 1; k <= add.count; k++)
        managers.push({ ...like, name: `New ${t.name} ${k} (like ${like.name})` });
    return { ...t, managers };
  });
  return { ...staff, tiers };
}

/** Writes a plan's staff file under a name of Strata's own, with who saved it, when, and its objective. */
export function savePlan(dir: string, staff: Staff, author: string, note: string): string {
  const folder = join(dir, SAVED_PLANS);
  mkdirSync(folder, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const file = `staff-${stamp}-${randomBytes(3).toString('hex')}.yaml`;
  // One line each: control characters in a name cannot start a line of YAML.
  const line = (s: string) => s.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').slice(0, 200);
  const body = yaml().stringify({
    tiers: staff.tiers.map((t) => ({
      name: t.name,
      weight: t.weight,
      ...(t.managers.length
        ? {
            managers: t.managers.map((m) => ({
              name: m.name,
              span: m.span,
              ...Object.fromEntries(m.attributes),
            })),
          }
        : {}),
    })),
    match: staff.match,
    keep: staff.keep,
  });
  const tmp = join(folder, `.${file}.tmp`);
  writeFileSync(
    tmp,
    `# Saved in the Strata workbench by ${line(author)} on ${new Date().toISOString()}\n# ${line(note)}\n${body}`,
  );
  renameSync(tmp, join(folder, file));
  return `saved:${file}`;
}
