/** The services over one model file, sharing the model being served: one per resolver family, and the write path. */
import type { BoundsOptions } from "../domain/interaction-bounds";
import type { Store } from "../store";
import { AttributionService } from "./attribution.service";
import { BasketService } from "./basket.service";
import { BuyAgainService } from "./buy-again.service";
import { CatalogService } from "./catalog.service";
import { ClusterCache } from "./cluster-cache";
import { ExperimentService } from "./experiment.service";
import { InteractionService } from "./interaction.service";
import { ModelHolder, type Swap } from "./model-holder";
import { MerchandisingService } from "./merchandising.service";
import { MerchandisingState } from "./merchandising-state";
import { ModelInfoService } from "./model-info.service";
import { RecommendationService } from "./recommendation.service";
import { SegmentService } from "./segment.service";

export interface Services {
  recommendations: RecommendationService;
  catalog: CatalogService;
  baskets: BasketService;
  buyAgain: BuyAgainService;
  segments: SegmentService;
  modelInfo: ModelInfoService;
  interactions: InteractionService;
  attribution: AttributionService;
  merchandising: MerchandisingService;
  experiments: ExperimentService;
  /** The model version being served. */
  holder: ModelHolder;
  /** Switches to a newer model version in the file, if there is one, re-applying recent interactions. */
  refreshModel(): Swap | null;
  /** Calls `listener` after every switch to a newer model version. */
  onModelSwap(listener: (swap: Swap) => void): void;
}

export interface ServiceOptions extends BoundsOptions {
  /** Days a served recommendation list is kept for attribution (by default DEFAULT_RETENTION_DAYS). */
  attributionRetentionDays?: number;
  /** buyAgain's longest default horizon (days; DEFAULT_BUY_AGAIN_HORIZON_DAYS unless given). */
  buyAgainHorizonDays?: number;
}

/** `options`: the earliest interaction time the API accepts (by default DEFAULT_EARLIEST_DATE), how long served lists are kept. */
export function createServices(store: Store, options: ServiceOptions = {}): Services {
  const holder = new ModelHolder(store);
  const clusters = new ClusterCache(store);
  const interactions = new InteractionService(store, holder, options);
  const attribution = new AttributionService(store, Date.now, options.attributionRetentionDays);
  holder.onNewVersion((candidate) => interactions.replaySince(candidate));
  const state = new MerchandisingState(store, holder);
  const experiments = new ExperimentService(store, holder, state, attribution);
  const buyAgain = new BuyAgainService(store, holder, state, options.buyAgainHorizonDays);
  return {
    recommendations: new RecommendationService(store, holder, clusters, attribution, state, experiments, buyAgain),
    catalog: new CatalogService(store, holder, state),
    baskets: new BasketService(store, holder, state),
    buyAgain,
    segments: new SegmentService(store, holder, clusters),
    modelInfo: new ModelInfoService(store, holder),
    interactions,
    attribution,
    merchandising: new MerchandisingService(store, holder, state),
    experiments,
    holder,
    refreshModel: () => holder.refresh(),
    onModelSwap: (listener) => holder.onSwap(listener),
  };
}

export type { Swap } from "./model-holder";
