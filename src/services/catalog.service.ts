/** The catalogue as the API shows it: one product, and the products most like one. */
import { NotFoundError } from "../domain/errors";
import type { ProductRecord } from "../domain/records";
import { cosineToRow } from "../model/scoring";
import { topK } from "../model/top-k";
import type { Store } from "../store";
import type { ModelHolder } from "./model-holder";
import { checkPage, filterMask, type PageOptions } from "./product-filter";
import { requireId, requireK } from "./validation";

export interface SimilarProduct {
  product: ProductRecord;
  similarity: number;
}

export class CatalogService {
  constructor(
    private readonly store: Store,
    private readonly holder: ModelHolder,
  ) {}

  product(productId: string): ProductRecord {
    const id = requireId(productId, "productId");
    const product = this.store.catalog.product(id);
    if (!product) throw new NotFoundError(`no product with id "${id}"`);
    return product;
  }

  /** The k products whose embeddings are closest to this one's by cosine similarity. */
  similarProducts(productId: string, k: number, options: PageOptions = {}): SimilarProduct[] {
    const id = requireId(productId, "productId");
    requireK(k);
    const { filter, offset } = checkPage(options);
    const model = this.holder.latest();
    const idx = model.products.indexOf(id);
    if (idx === undefined) {
      if (!this.store.catalog.product(id)) throw new NotFoundError(`no product with id "${id}"`);
      return []; // in the catalogue, but nobody has bought it yet: it has no embedding.
    }
    cosineToRow(model.productFactors, model.productNorms, model.productCount, model.k, idx, model.scores);
    const skip = filterMask(model, filter);
    skip[idx] = 1;
    return topK(model.scores, offset + k, skip)
      .slice(offset)
      .map(({ index, score }) => ({ product: model.productRecords[index], similarity: score }));
  }
}
