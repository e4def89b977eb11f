/**
 * Work done once per key and shared by every request that asks meanwhile or later; a failure is not
 * kept, so the next request tries again.
 */
export class PromiseCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  get(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.entries.get(key);
    if (!p) {
      p = make();
      p.catch(() => this.entries.delete(key));
      this.entries.set(key, p);
    }
    return p;
  }
}
