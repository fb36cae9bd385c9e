/**
 * The cost estimates of the operations a server answers again and again. Estimating walks the whole
 * operation with its fragments expanded, a large share of the server's CPU on a small query,
 * yet a storefront sends the same few documents with different ids. What an estimate depends on is the
 * document, the operation and the variables' numbers and list lengths (graphql/cost.ts: the estimators
 * read `k`-like numbers and list lengths, never a string's content), so the estimate is kept per
 * document under the variables' shape: every string replaced by one placeholder.
 */
import type { DocumentNode } from "graphql";

/** Estimates kept per document (an LRU map each); documents themselves are held weakly, as long as Apollo's document cache keeps them. */
const PER_DOCUMENT = 64;
/** Variables whose shape is longer than this (big batches) are estimated every time, not kept. */
const MAX_SHAPE = 512;

/** The variables as the cost sees them: strings replaced by one placeholder, numbers, booleans and list lengths kept. */
export function costShape(value: unknown): string | undefined {
  const shape = JSON.stringify(value ?? {}, (_key, v: unknown) => (typeof v === "string" ? "" : v));
  return shape.length <= MAX_SHAPE ? shape : undefined;
}

export class CostCache {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, number>>();

  /**
   * The kept estimate of this document, operation and shape of variables, or `compute()`'s, kept for
   * next time (an estimate that throws is not kept).
   */
  estimate(
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown>,
    compute: () => number,
  ): number {
    const shape = costShape(variables);
    if (shape === undefined) return compute();
    let costs = this.byDocument.get(document);
    if (!costs) this.byDocument.set(document, (costs = new Map()));
    const key = `${operationName ?? ""}\n${shape}`;
    let cost = costs.get(key);
    // Most recently used last: the oldest goes first when the document holds too many.
    if (cost !== undefined) costs.delete(key);
    else cost = compute();
    costs.set(key, cost);
    if (costs.size > PER_DOCUMENT) costs.delete(costs.keys().next().value!);
    return cost;
  }
}
