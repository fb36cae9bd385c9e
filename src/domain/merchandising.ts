/**
 * Merchandising rules and A/B experiments as the shop's file stores them: plain records, checked by
 * serving/merchandising-check.ts and serving/experiment-check.ts before they are stored.
 */

/** The ranked lists a rule may act on. */
export type RuleQueryKind = "recommendations" | "similarProducts" | "frequentlyBoughtTogether" | "buyAgain";
export const RULE_QUERY_KINDS: readonly RuleQueryKind[] = ["recommendations", "similarProducts", "frequentlyBoughtTogether", "buyAgain"];

/** An attribute of a product's card that must equal a value (compared as text, without regard to case). */
export interface AttributeEquals {
  name: string;
  value: string;
}

/** Which products a boost, bury, exclusion or promotion acts on: every part given must hold. */
export interface ProductCondition {
  productIds: string[] | null;
  /** Compared without regard to case. */
  categories: string[] | null;
  attributes: AttributeEquals[] | null;
  minPrice: number | null;
  maxPrice: number | null;
}

/** Where a rule applies: every part given must hold; a part left out (null) holds everywhere. */
export interface RuleScope {
  placements: string[] | null;
  queries: RuleQueryKind[] | null;
  /** similarProducts and frequentlyBoughtTogether: the category of the product the list is about. */
  seedCategories: string[] | null;
  /** recommendations: the customer's RFM segment in the served model version. */
  segments: string[] | null;
  /** recommendations: the customer's behaviour cluster in the served model version. */
  clusters: number[] | null;
}

export interface PinAction {
  kind: "pin";
  /** 1-based positions in the whole ranking (offset included). */
  pins: { productId: string; position: number }[];
}

export interface BoostAction {
  kind: "boost";
  condition: ProductCondition;
  /** Above 1: the score is multiplied by it (a negative score divided), so the product rises. */
  factor: number;
}

export interface BuryAction {
  kind: "bury";
  condition: ProductCondition;
  /** Between 0 and 1: the score is multiplied by it (a negative score divided); null: after every other product. */
  factor: number | null;
}

export interface ExcludeAction {
  kind: "exclude";
  condition: ProductCondition;
}

export interface DiversityAction {
  kind: "diversity";
  /** The attribute whose values are capped; null for the category. */
  attribute: string | null;
  maxPerValue: number;
  /** The cap holds over the first this many positions. */
  withinFirst: number;
}

export interface PromotionAction {
  kind: "promotion";
  condition: ProductCondition;
  /** `slots` of every `per` positions are the best-ranked products matching the condition. */
  slots: number;
  per: number;
}

export interface CuratedAction {
  kind: "curated";
  seedProductId: string;
  productIds: string[];
  /** replace: the list is these products alone; lead: these first, then the model's. */
  mode: "replace" | "lead";
}

export type RuleAction = PinAction | BoostAction | BuryAction | ExcludeAction | DiversityAction | PromotionAction | CuratedAction;
export type RuleActionKind = RuleAction["kind"];

export interface MerchandisingRule {
  /** Unique; what served items name in `rules`. */
  name: string;
  description: string | null;
  enabled: boolean;
  /** Milliseconds since the epoch; null: no bound. */
  activeFrom: number | null;
  activeTo: number | null;
  /** Null: applies to every list; otherwise only to lists of an experiment arm that names this set. */
  ruleSet: string | null;
  scope: RuleScope;
  action: RuleAction;
  updatedAt: number;
}

/**
 * How an experiment arm ranks: the tuned ranker of the served version, ALS or item-kNN alone, a blend
 * of the arm's own weights, or best sellers.
 */
export type ArmRanker = "model" | "als" | "itemKnn" | "blend" | "popularity";

/** A blend's weights (model/ranker.ts: each part scaled by its largest score, then weighed). */
export interface BlendWeights {
  als: number;
  itemKnn: number;
  popularity: number;
}

export interface ExperimentArm {
  name: string;
  /** Share of the experiment's visitors, 0 to 1. */
  share: number;
  ranker: ArmRanker;
  /** The weights of a "blend" arm; null for the others. */
  blend?: BlendWeights | null;
  /** The rule sets applied on top of the rules without a set. */
  ruleSets: string[];
}

export interface Experiment {
  id: string;
  name: string;
  description: string | null;
  /** The placements whose recommendations lists it splits; null: every placement. */
  placements: string[] | null;
  arms: ExperimentArm[];
  /** The arm the others are compared with. */
  control: string;
  startedAt: number;
  /** Null while it runs. */
  stoppedAt: number | null;
}
