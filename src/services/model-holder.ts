/** The model version being served, shared by the services that read and write it. */
import type { Store } from "../store";
import { LiveModel } from "./live-model";

export class ModelHolder {
  private model: LiveModel;

  constructor(private readonly store: Store) {
    this.model = this.load();
  }

  get current(): LiveModel {
    return this.model;
  }

  private load(): LiveModel {
    const stored = this.store.models.load();
    if (!stored) throw new Error("the model file holds no trained model; run `npm run train` first");
    const records = this.store.catalog.products(stored.products.ids);
    if (records.length !== stored.products.size) throw new Error("the model refers to products missing from the catalogue");
    return new LiveModel(stored, records);
  }
}
