/** The services over one model file, sharing the model being served. */
import type { Store } from "../store";
import { InteractionService } from "./interaction.service";
import { ModelHolder } from "./model-holder";
import { RecommenderService } from "./recommender.service";

export interface Services {
  recommender: RecommenderService;
  interactions: InteractionService;
}

export function createServices(store: Store): Services {
  const holder = new ModelHolder(store);
  return { recommender: new RecommenderService(store, holder), interactions: new InteractionService(store, holder) };
}
