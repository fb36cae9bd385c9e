/** The services over one model file, sharing the model being served: one per resolver family, and the write path. */
import type { BoundsOptions } from "../domain/interaction-bounds";
import type { Store } from "../store";
import { AttributionService } from "./attribution.service";
import { BasketService } from "./basket.service";
import { CatalogService } from "./catalog.service";
import { ClusterCache } from "./cluster-cache";
import { InteractionService } from "./interaction.service";
import { ModelHolder, type Swap } from "./model-holder";
import { ModelInfoService } from "./model-info.service";
import { RecommendationService } from "./recommendation.service";
import { SegmentService } from "./segment.service";

export interface Services {
  recommendations: RecommendationService;
  catalog: CatalogService;
  baskets: BasketService;
  segments: SegmentService;
  modelInfo: ModelInfoService;
  interactions: InteractionService;
  attribution: AttributionService;
  /** The model version being served. */
  holder: ModelHolder;
  /** Switches to a newer model version in the file, if there is one, re-applying recent interactions. */
  refreshModel(): Swap | null;
  /** Calls `listener` after every switch to a newer model version. */
  onModelSwap(listener: (swap: Swap) => void): void;
}

/** `bounds`: the earliest interaction time the API accepts (by default DEFAULT_EARLIEST_DATE). */
export function createServices(store: Store, bounds: BoundsOptions = {}): Services {
  const holder = new ModelHolder(store);
  const clusters = new ClusterCache(store);
  const interactions = new InteractionService(store, holder, bounds);
  const attribution = new AttributionService(store);
  holder.onNewVersion((candidate) => interactions.replaySince(candidate));
  return {
    recommendations: new RecommendationService(store, holder, clusters, attribution),
    catalog: new CatalogService(store, holder),
    baskets: new BasketService(store, holder),
    segments: new SegmentService(store, holder, clusters),
    modelInfo: new ModelInfoService(store, holder),
    interactions,
    attribution,
    holder,
    refreshModel: () => holder.refresh(),
    onModelSwap: (listener) => holder.onSwap(listener),
  };
}

export type { Swap } from "./model-holder";
