import type { AttributionService } from "../services/attribution.service";
import type { BasketService } from "../services/basket.service";
import type { CatalogService } from "../services/catalog.service";
import type { InteractionService } from "../services/interaction.service";
import type { ModelInfoService } from "../services/model-info.service";
import type { RecommendationService } from "../services/recommendation.service";
import type { SegmentService } from "../services/segment.service";

/** What every resolver receives: the services, one per resolver family, nothing else. */
export interface Context {
  recommendations: RecommendationService;
  catalog: CatalogService;
  baskets: BasketService;
  segments: SegmentService;
  modelInfo: ModelInfoService;
  interactions: InteractionService;
  attribution: AttributionService;
}
