import type { AttributionService } from "../serving/attribution.service";
import type { BasketService } from "../serving/basket.service";
import type { BuyAgainService } from "../serving/buy-again.service";
import type { CatalogService } from "../serving/catalog.service";
import type { ExperimentService } from "../serving/experiment.service";
import type { InteractionService } from "../serving/interaction.service";
import type { MerchandisingService } from "../serving/merchandising.service";
import type { ModelInfoService } from "../serving/model-info.service";
import type { RecommendationService } from "../serving/recommendation.service";
import type { SegmentService } from "../serving/segment.service";
import type { NeededScope } from "./scopes";

/** What the HTTP layer knows about one request; absent when a test or script executes an operation in-process. */
export interface RequestState {
  id: string;
  /** When the request's time budget runs out (Date.now() milliseconds). */
  deadline: number;
  /** The name of the API key the request presented, if any (never the key itself). */
  keyName: string | null;
  /** That key's scope: read, write or admin. */
  scope: NeededScope | null;
  /** The request presented a key that is not one of ours. */
  wrongKey: boolean;
  /** Notes for the access log line: the operation and the error codes of its answer. */
  notes: { operation?: string; operationName?: string; errorCodes?: string[]; key?: string };
}

/** What every resolver receives: the services, one per resolver family, and the request's state. */
export interface Context {
  request?: RequestState;
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
}
