/** A model version's behaviour clusters, read once per version: they change only with the version. */
import type { ClusterRow, Store } from "../store";

export class ClusterCache {
  private cached: { modelId: number; rows: Map<number, ClusterRow> } | null = null;

  constructor(private readonly store: Store) {}

  /** The version's clusters by id. */
  of(modelId: number): Map<number, ClusterRow> {
    if (this.cached?.modelId !== modelId) {
      this.cached = { modelId, rows: new Map(this.store.segments.clusters(modelId).map((c) => [c.clusterId, c])) };
    }
    return this.cached.rows;
  }
}
