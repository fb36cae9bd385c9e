/** The services over one model file, sharing the model being served. */
import type { Store } from "../store";
import { InteractionService } from "./interaction.service";
import { ModelHolder, type Swap } from "./model-holder";
import { RecommenderService } from "./recommender.service";

export interface Services {
  recommender: RecommenderService;
  interactions: InteractionService;
  /** Switches to a newer model version in the file, if there is one, re-applying recent interactions. */
  refreshModel(): Swap | null;
  /** Calls `listener` after every switch to a newer model version. */
  onModelSwap(listener: (swap: Swap) => void): void;
}

export function createServices(store: Store): Services {
  const holder = new ModelHolder(store);
  const interactions = new InteractionService(store, holder);
  holder.onNewVersion((candidate) => interactions.replaySince(candidate));
  return {
    recommender: new RecommenderService(store, holder),
    interactions,
    refreshModel: () => holder.refresh(),
    onModelSwap: (listener) => holder.onSwap(listener),
  };
}

export type { Swap } from "./model-holder";
