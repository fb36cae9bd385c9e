// Generated from schema.graphql by `npm run schema` (scripts/web-types.ts): do not edit.

export interface ArmComparison {
  clickThrough: Comparison;
  conversion: Comparison;
  revenuePerList: Comparison;
}

export type ArmRanker = "ALS" | "BLEND" | "ITEM_KNN" | "MODEL" | "POPULARITY";

export interface ArmResult {
  arm: ExperimentArm;
  carts: number;
  clickThrough: Estimate;
  control: boolean;
  conversion: Estimate;
  impressions: number;
  lists: number;
  purchases: number;
  revenue: number;
  revenuePerList: Estimate;
  views: number;
  vsControl: ArmComparison | null;
}

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

export interface AttributeEquals {
  name: string;
  value: string;
}

export interface AttributeEqualsInput {
  name: string;
  value: string;
}

export interface BoostAction {
  condition: ProductCondition;
  factor: number;
}

export interface BoostActionInput {
  condition: ProductConditionInput;
  factor: number;
}

export interface BoughtTogether {
  baskets: number;
  confidence: number;
  lift: number;
  product: Product;
  rules: string[];
  support: number;
}

export interface BoughtTogetherPage {
  items: BoughtTogether[];
  pageInfo: PageInfo;
}

export interface BuryAction {
  condition: ProductCondition;
  factor: number | null;
}

export interface BuryActionInput {
  condition: ProductConditionInput;
  factor?: number | null;
}

export interface BuyAgainItem {
  expectedNextPurchase: string | null;
  lastPurchased: string | null;
  probability: number;
  product: Product;
  rules: string[];
  timesBought: number;
  typicalIntervalDays: number | null;
}

export interface BuyAgainPage {
  asOf: string;
  dated: boolean;
  horizonDays: number | null;
  items: BuyAgainItem[];
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

export interface Comparison {
  difference: number;
  high: number;
  low: number;
  pValue: number;
  relativeUplift: number | null;
  verdict: Verdict;
}

export interface CuratedAction {
  mode: CuratedMode | null;
  productIds: string[];
  seedProductId: string;
}

export interface CuratedActionInput {
  mode?: CuratedMode | null;
  productIds: string[];
  seedProductId: string;
}

export type CuratedMode = "LEAD" | "REPLACE";

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

export interface DiversityAction {
  attribute: string | null;
  maxPerValue: number;
  withinFirst: number | null;
}

export interface DiversityActionInput {
  attribute?: string | null;
  maxPerValue: number;
  withinFirst?: number | null;
}

export interface DueForRepurchase {
  customerId: string;
  expectedNextPurchase: string;
  lastPurchased: string;
  probability: number;
  product: Product;
  timesBought: number;
  typicalIntervalDays: number;
}

export interface DueForRepurchasePage {
  asOf: string;
  items: DueForRepurchase[];
  pageInfo: PageInfo;
}

export interface Estimate {
  high: number | null;
  low: number | null;
  value: number;
}

export interface EventWeightsInfo {
  cart: number;
  purchase: number;
  quantityExponent: number;
  view: number;
}

export interface ExcludeAction {
  condition: ProductCondition;
}

export interface ExcludeActionInput {
  condition: ProductConditionInput;
}

export interface Experiment {
  arms: ExperimentArm[];
  control: string;
  description: string | null;
  id: string;
  name: string;
  placements: string[] | null;
  running: boolean;
  startedAt: string;
  stoppedAt: string | null;
}

export interface ExperimentArm {
  blend: RankerBlend | null;
  name: string;
  ranker: ArmRanker;
  ruleSets: string[];
  share: number;
}

export interface ExperimentArmInput {
  blend?: RankerBlendInput | null;
  name: string;
  ranker?: ArmRanker | null;
  ruleSets?: string[] | null;
  share: number;
}

export interface ExperimentInput {
  arms: ExperimentArmInput[];
  control?: string | null;
  description?: string | null;
  id?: string | null;
  name: string;
  placements?: string[] | null;
}

export interface ExperimentResults {
  arms: ArmResult[];
  experiment: Experiment;
  threshold: number;
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

export interface MerchandisingRule {
  action: RuleActionKind;
  activeFrom: string | null;
  activeNow: boolean;
  activeTo: string | null;
  boost: BoostAction | null;
  bury: BuryAction | null;
  curated: CuratedAction | null;
  description: string | null;
  diversity: DiversityAction | null;
  enabled: boolean;
  exclude: ExcludeAction | null;
  name: string;
  pin: PinAction | null;
  promotion: PromotionAction | null;
  ruleSet: string | null;
  scope: RuleScope;
  updatedAt: string;
}

export interface MerchandisingRuleInput {
  activeFrom?: string | null;
  activeTo?: string | null;
  boost?: BoostActionInput | null;
  bury?: BuryActionInput | null;
  curated?: CuratedActionInput | null;
  description?: string | null;
  diversity?: DiversityActionInput | null;
  enabled?: boolean | null;
  exclude?: ExcludeActionInput | null;
  name: string;
  pin?: PinActionInput | null;
  promotion?: PromotionActionInput | null;
  ruleSet?: string | null;
  scope?: RuleScopeInput | null;
}

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

export interface Pin {
  position: number;
  productId: string;
}

export interface PinAction {
  pins: Pin[];
}

export interface PinActionInput {
  pins: PinInput[];
}

export interface PinInput {
  position: number;
  productId: string;
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

export interface ProductCondition {
  attributes: AttributeEquals[] | null;
  categories: string[] | null;
  maxPrice: number | null;
  minPrice: number | null;
  productIds: string[] | null;
}

export interface ProductConditionInput {
  attributes?: AttributeEqualsInput[] | null;
  categories?: string[] | null;
  maxPrice?: number | null;
  minPrice?: number | null;
  productIds?: string[] | null;
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

export interface PromotionAction {
  condition: ProductCondition;
  per: number | null;
  slots: number;
}

export interface PromotionActionInput {
  condition: ProductConditionInput;
  per?: number | null;
  slots: number;
}

export interface RankerBlend {
  als: number;
  itemKnn: number;
  popularity: number;
}

export interface RankerBlendInput {
  als: number;
  itemKnn: number;
  popularity: number;
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
  rules: string[];
  score: number;
  source: RecommendationSource;
}

export interface RecommendationMix {
  buyAgain?: number | null;
}

export interface RecommendationPage {
  arm: string | null;
  experimentId: string | null;
  items: Recommendation[];
  pageInfo: PageInfo;
  recommendationId: string;
}

export type RecommendationSource = "BUY_AGAIN" | "CLUSTER" | "PERSONALIZED" | "POPULAR" | "RULE" | "SESSION";

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

export type RuleActionKind = "BOOST" | "BURY" | "CURATED" | "DIVERSITY" | "EXCLUDE" | "PIN" | "PROMOTION";

export type RuleQuery = "BUY_AGAIN" | "FREQUENTLY_BOUGHT_TOGETHER" | "RECOMMENDATIONS" | "SIMILAR_PRODUCTS";

export interface RuleScope {
  clusters: number[] | null;
  placements: string[] | null;
  queries: RuleQuery[] | null;
  seedCategories: string[] | null;
  segments: string[] | null;
}

export interface RuleScopeInput {
  clusters?: number[] | null;
  placements?: string[] | null;
  queries?: RuleQuery[] | null;
  seedCategories?: string[] | null;
  segments?: string[] | null;
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
  rules: string[];
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

export type Verdict = "BETTER" | "NO_DIFFERENCE" | "TOO_SMALL" | "WORSE";
