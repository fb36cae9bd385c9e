/**
 * The GraphQL API's object types as JSON gives them (see schema.graphql), for typing query results in
 * tests. A query selects some fields only: type its result with Pick, picking nested objects too, e.g.
 *   Pick<Recommendation, "score" | "source"> & { product: Pick<Product, "id"> }
 */

export interface Product {
  id: string;
  name: string;
  category: string | null;
  price: number | null;
  rating: number | null;
}

export type RecommendationSource = "PERSONALIZED" | "SESSION" | "CLUSTER" | "POPULAR";

export interface Recommendation {
  product: Product;
  score: number;
  source: RecommendationSource;
  because: Product[];
}

export interface SimilarProduct {
  product: Product;
  similarity: number;
}

export interface CategoryShare {
  category: string;
  share: number;
}

export interface Cluster {
  id: string;
  label: string;
  size: number;
  revenue: number;
  revenueShare: number;
  averageOrderValue: number;
  averageRecencyDays: number;
  averageFrequency: number;
  topCategories: CategoryShare[];
  topProducts: Product[];
}

export interface RfmSegment {
  recencyDays: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  label: string;
  action: string;
}

export interface RfmSegmentSummary {
  label: string;
  action: string;
  customers: number;
  revenue: number;
  revenueShare: number;
  averageOrderValue: number;
  averageRecencyDays: number;
  topCategories: CategoryShare[];
}

export interface CustomerSegment {
  customerId: string;
  rfm: RfmSegment | null;
  cluster: Cluster | null;
}

export interface AssociationRule {
  antecedent: Product;
  consequent: Product;
  support: number;
  confidence: number;
  lift: number;
  baskets: number;
}

export interface BoughtTogether {
  product: Product;
  support: number;
  confidence: number;
  lift: number;
  baskets: number;
}

export type InteractionType = "VIEW" | "ADD_TO_CART" | "PURCHASE";

export interface RecordedInteraction {
  id: string;
  customerId: string;
  productId: string;
  type: InteractionType;
  quantity: number;
  price: number | null;
  /** ISO 8601, UTC. */
  occurredAt: string;
  customerCreated: boolean;
  replayed: boolean;
}

export interface RankingMetrics {
  k: number;
  users: number;
  precision: number;
  recall: number;
  ndcg: number;
  map: number;
  hitRate: number;
  coverage: number;
}

export interface TuningInfo {
  trials: number;
  tunedAt: string;
  validationCutoff: string;
  validation: RankingMetrics[];
}

export interface RankerInfo {
  kind: "als" | "item-knn" | "popularity" | "blend";
  name: string;
  weights: { als: number; itemKnn: number; popularity: number };
  comparison: { name: string; ndcg: number }[];
}

export interface ModelInfo {
  ranker: RankerInfo;
  version: number;
  factors: number;
  customers: number;
  products: number;
  /** JSONObject scalars. */
  params: Record<string, unknown>;
  stats: Record<string, unknown>;
  source: Record<string, unknown>;
  trainedAt: string;
  tuning: TuningInfo | null;
}

export interface PageInfo {
  offset: number;
  k: number;
  hasMore: boolean;
  nextOffset: number | null;
}
