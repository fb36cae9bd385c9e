/**
 * A model version's HNSW graph (model/ann-index.ts), stored in chunks beside the version: hnswlib
 * writes and reads only files, so a graph passes through a temporary file on its way in and out.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { HierarchicalNSW } from "hnswlib-node";
import type { AnnLayout, AnnMetric, AnnOptions } from "../model/ann-index";
import type { Db } from "./database";

/** Bytes per stored chunk: well under SQLite's largest blob, whatever the catalogue. */
const CHUNK_BYTES = 64 * 1024 * 1024;

export interface StoredAnn {
  metric: AnnMetric;
  graph: HierarchicalNSW;
  options: AnnOptions;
  /** How it holds the vectors (model/ann-index.ts); graphs stored without one are augmented. */
  layout: AnnLayout;
}

function tempFile(): string {
  return path.join(os.tmpdir(), `recommender-ann-${process.pid}-${crypto.randomBytes(6).toString("hex")}.bin`);
}

export class AnnRepository {
  constructor(private readonly db: Db) {}

  /** Writes one of a version's graphs (inside the version's own transaction, by ModelRepository.save). */
  insert(modelId: number, ann: StoredAnn, products: number): void {
    const file = tempFile();
    try {
      ann.graph.writeIndexSync(file);
      const bytes = fs.readFileSync(file);
      this.db
        .prepare(`INSERT INTO model_ann (model_id, metric, products, options) VALUES (?, ?, ?, ?)`)
        .run(modelId, ann.metric, products, JSON.stringify({ ...ann.options, layout: ann.layout }));
      const chunk = this.db.prepare(`INSERT INTO model_ann_chunks (model_id, metric, seq, data) VALUES (?, ?, ?, ?)`);
      for (let at = 0, seq = 0; at < bytes.length; at += CHUNK_BYTES, seq++)
        chunk.run(modelId, ann.metric, seq, bytes.subarray(at, at + CHUNK_BYTES));
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  /**
   * A version's graph by `metric`, read into the empty graph `graphFor` gives for its layout (the
   * model's AnnIndex.emptyGraph), or null when it was trained without one.
   */
  load(modelId: number, metric: AnnMetric, graphFor: (layout: AnnLayout) => HierarchicalNSW): StoredAnn | null {
    const head = this.db
      .prepare<[number, string], { options: string }>(`SELECT options FROM model_ann WHERE model_id = ? AND metric = ?`)
      .get(modelId, metric);
    if (!head) return null;
    const file = tempFile();
    try {
      const fd = fs.openSync(file, "w");
      try {
        for (const { data } of this.db
          .prepare<[number, string], { data: Buffer }>(`SELECT data FROM model_ann_chunks WHERE model_id = ? AND metric = ? ORDER BY seq`)
          .iterate(modelId, metric))
          fs.writeSync(fd, data);
      } finally {
        fs.closeSync(fd);
      }
      // Graphs written before layouts were stored are augmented (and say their largest norm, which a search does not need).
      const {
        layout = "augmented",
        maxNorm: _maxNorm,
        ...options
      } = JSON.parse(head.options) as AnnOptions & {
        layout?: AnnLayout;
        maxNorm?: number;
      };
      const graph = graphFor(layout);
      graph.readIndexSync(file);
      return { metric, graph, options, layout };
    } finally {
      fs.rmSync(file, { force: true });
    }
  }
}
