import type { InteractionService } from "../services/interaction.service";
import type { RecommenderService } from "../services/recommender.service";

/** What every resolver receives: the services, nothing else. */
export interface Context {
  recommender: RecommenderService;
  interactions: InteractionService;
}
