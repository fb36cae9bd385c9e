// Generated from schema.graphql by `npm run schema` (scripts/web-types.ts): do not edit.

export interface AssociationRule {
  antecedent: Product;
  baskets: number;
  confidence: number;
  consequent: Product;
  lift: number;
  support: number;
}

export interface AssociationRulePage {
  items: AssociationRule[];
  pageInfo: PageInfo;
}

export interface BoughtTogether {
  baskets: number;
  confidence: number;
  lift: number;
  product: Product;
  support: number;
}

export interface BoughtTogetherPage {
  items: BoughtTogether[];
  pageInfo: PageInfo;
}

export interface CategoryShare {
  category: string;
  share: number;
}

export interface Cluster {
  averageFrequency: number;
  averageOrderValue: number;
  averageRecencyDays: number;
  id: string;
  label: string;
  revenue: number;
  revenueShare: number;
  size: number;
  topCategories: CategoryShare[];
  topProducts: Product[];
}

export interface CustomerSegment {
  cluster: Cluster | null;
  customerId: string;
  rfm: RfmSegment | null;
}

export interface DataRange {
  first: string;
  last: string;
}

export interface DataSource {
  format: string | null;
  input: string | null;
}

export interface EventWeightsInfo {
  cart: number;
  purchase: number;
  quantityExponent: number;
  view: number;
}

export interface InteractionInput {
  customerId: string;
  idempotencyKey?: string | null;
  occurredAt?: string | null;
  price?: number | null;
  productId: string;
  quantity?: number | null;
  recommendationId?: string | null;
  type: InteractionType;
}

export type InteractionType = "ADD_TO_CART" | "PURCHASE" | "VIEW";

export interface ModelCounts {
  baskets: number;
  customers: number;
  interactions: number;
  pairs: number;
  products: number;
  rules: number;
}

export interface ModelInfo {
  counts: ModelCounts;
  customers: number;
  dataRange: DataRange | null;
  factors: number;
  params: Record<string, unknown>;
  products: number;
  ranker: RankerInfo;
  settings: ModelSettingsInfo;
  source: DataSource;
  stats: Record<string, unknown>;
  trainedAt: string;
  training: TrainingFigures;
  tuning: TuningInfo | null;
  untunedReason: string | null;
  version: number;
}

export interface ModelSettingsInfo {
  alpha: number;
  cgSteps: number;
  countWeighting: string;
  epsilon: number;
  eventWeights: EventWeightsInfo;
  factors: number;
  iterations: number;
  recencyHalfLifeDays: number;
  regularization: number;
  regularizationExponent: number;
  scaling: string;
  seed: number;
  solver: string;
}

export interface PageInfo {
  hasMore: boolean;
  k: number;
  nextOffset: number | null;
  offset: number;
}

export interface Product {
  archived: boolean;
  attributes: Record<string, unknown> | null;
  available: boolean;
  category: string | null;
  currency: string | null;
  id: string;
  imageUrl: string | null;
  name: string;
  price: number | null;
  rating: number | null;
  url: string | null;
}

export interface ProductFilter {
  categories?: string[] | null;
  excludeProductIds?: string[] | null;
  maxPrice?: number | null;
  minPrice?: number | null;
}

export interface ProductInput {
  archived?: boolean | null;
  attributes?: Record<string, unknown> | null;
  available?: boolean | null;
  category?: string | null;
  currency?: string | null;
  id: string;
  imageUrl?: string | null;
  name?: string | null;
  price?: number | null;
  url?: string | null;
}

export interface RankerComparison {
  name: string;
  ndcg: number;
}

export interface RankerInfo {
  comparison: RankerComparison[];
  kind: string;
  name: string;
  weights: RankerWeights;
}

export interface RankerWeights {
  als: number;
  itemKnn: number;
  popularity: number;
}

export interface RankingMetrics {
  coverage: number;
  hitRate: number;
  k: number;
  map: number;
  ndcg: number;
  precision: number;
  recall: number;
  users: number;
}

export interface Recommendation {
  because: Product[];
  position: number;
  product: Product;
  recommendationId: string;
  score: number;
  source: RecommendationSource;
}

export interface RecommendationPage {
  items: Recommendation[];
  pageInfo: PageInfo;
  recommendationId: string;
}

export type RecommendationSource = "CLUSTER" | "PERSONALIZED" | "POPULAR" | "SESSION";

export interface RecordedInteraction {
  customerCreated: boolean;
  customerId: string;
  id: string;
  occurredAt: string;
  price: number | null;
  productId: string;
  quantity: number;
  replayed: boolean;
  type: InteractionType;
}

export interface RfmGridCell {
  customers: number;
  fm: number;
  label: string;
  r: number;
}

export interface RfmSegment {
  action: string;
  f: number;
  frequency: number;
  label: string;
  m: number;
  monetary: number;
  r: number;
  recencyDays: number;
  referenceDate: string | null;
}

export interface RfmSegmentSummary {
  action: string;
  averageOrderValue: number;
  averageRecencyDays: number;
  customers: number;
  label: string;
  revenue: number;
  revenueShare: number;
  topCategories: CategoryShare[];
}

export interface Segments {
  clusters: Cluster[];
  grid: RfmGridCell[];
  rfm: RfmSegmentSummary[];
}

export interface SessionContext {
  pageViews?: number | null;
  timeSpent?: number | null;
  viewedProductIds?: string[] | null;
}

export interface SimilarProduct {
  product: Product;
  similarity: number;
}

export interface SimilarProductPage {
  items: SimilarProduct[];
  pageInfo: PageInfo;
}

export interface SourcePerformance {
  carts: number;
  impressions: number;
  placement: string;
  purchases: number;
  revenue: number;
  source: RecommendationSource;
  views: number;
}

export interface TrainingFigures {
  finalLoss: number;
  lossHistory: number[];
  ruleSeconds: number;
  seconds: number;
  secondsPerIteration: number;
}

export interface TuningInfo {
  heldOutShare: number;
  keptStartingSettings: boolean;
  popularityNdcg: number | null;
  split: ValidationSplit;
  startingNdcg: number | null;
  trials: number;
  tunedAt: string;
  validation: RankingMetrics[];
  validationCutoff: string | null;
}

export type ValidationSplit = "HOLDOUT" | "TEMPORAL";
