/**
 * What a field costs, for the cost limit (MAX_COST; graphql-query-complexity reads these estimates
 * from the schema's field extensions). A field with none costs 1 plus what it selects. The figures are
 * relative: a ranked list costs its fixed work plus k times what each item selects; `segments`, which
 * aggregates every customer, costs as much as a large list.
 */
import type { ComplexityEstimator } from "graphql-query-complexity";

/** A list of `k` items (or of the ids or inputs given): a fixed cost, and each item's selection times `scale`. */
export function listCost(fixed: number, size: (args: Record<string, unknown>) => number, scale = 1): ComplexityEstimator {
  return ({ args, childComplexity }) => fixed + Math.ceil(size(args) * Math.max(1, childComplexity) * scale);
}

export const byK = (fallback: number) => (args: Record<string, unknown>) => (typeof args.k === "number" ? args.k : fallback);
export const byLength = (name: string) => (args: Record<string, unknown>) => (Array.isArray(args[name]) ? args[name].length : 1);

export const COST = {
  segments: 500,
  segment: 20,
  modelInfo: 20,
  recommendationPerformance: 200,
  recordInteraction: 20,
} as const;
