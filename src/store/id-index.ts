/** A stable mapping between external ids (strings) and dense indices 0..n−1. */
export class IdIndex {
  private readonly byId = new Map<string, number>();
  readonly ids: string[] = [];

  constructor(ids: Iterable<string> = []) {
    for (const id of ids) this.add(id);
  }

  get size(): number {
    return this.ids.length;
  }

  /** The index of `id`, adding it at the end if it is new. */
  add(id: string): number {
    const existing = this.byId.get(id);
    if (existing !== undefined) return existing;
    const index = this.ids.length;
    this.ids.push(id);
    this.byId.set(id, index);
    return index;
  }

  indexOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  idAt(index: number): string {
    return this.ids[index];
  }
}
