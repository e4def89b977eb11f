import { load } from '../data/load.js';
import { classify } from '../results/classify.js';
import { type CompareResult, compare } from '../results/compare.js';

export interface ReviewRequest {
  key: string;
  path: string;
  assigned: string;
  value?: string;
}

/**
 * The disagreements between the tiers people assigned and a readable tree learned from them (depth 5,
 * 20 customers a leaf), most at stake first; the tree is learned once per file and column.
 */
export class Reviews {
  private readonly cache = new Map<string, Promise<CompareResult>>();

  get(r: ReviewRequest): Promise<CompareResult> {
    const id = JSON.stringify([r.key, r.assigned, r.value ?? null]);
    let found = this.cache.get(id);
    if (!found) {
      found = (async () => {
        const table = await load(r.path);
        const tree = classify(table, {
          label: r.assigned,
          maxDepth: 5,
          minSamplesLeaf: 20,
          importance: 'none',
          seed: 42,
        });
        return compare(table, { assigned: r.assigned, model: tree.run.model, value: r.value });
      })();
      // A failed run is not kept: the next request tries again.
      found.catch(() => this.cache.delete(id));
      this.cache.set(id, found);
    }
    return found;
  }
}
