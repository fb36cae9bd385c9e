/** The catalogue as the API shows it and changes it: products, the products most like one, live updates. */
import { annTop } from "./ann-search";
import type { LiveModel } from "./live-model";
import { InvalidInputError, NotFoundError } from "../domain/errors";
import { currencyProblem, priceProblem, urlProblem } from "../domain/product-fields";
import type { ProductAttributes, ProductChange, ProductRecord } from "../domain/records";
import { cosineToRow } from "../model/scoring";
import { topK } from "../model/top-k";
import type { Store } from "../store";
import type { ModelHolder } from "./model-holder";
import { type Page, pageOf } from "./paging";
import { checkPage, filterMask, type PageOptions } from "./product-filter";
import { requireId, requireK } from "./validation";
import { checkLabel } from "../domain/attribution";
import type { Placed } from "./list-arranger";
import { giveMask } from "./mask-pool";
import { arrangeList, extraCandidates, invert, withCurated } from "./merchandised-list";
import { ActiveRules } from "./merchandising-rules";
import type { MerchandisingState } from "./merchandising-state";

export interface SimilarProduct extends Placed {
  product: ProductRecord;
  similarity: number;
}

/** Most products one upsertProducts call may change, and most ids one products call may ask for. */
export const MAX_PRODUCT_BATCH = 500;
export const MAX_PRODUCT_IDS = 100;

const MAX_TEXT = 500;
const MAX_ATTRIBUTES = 50;
const MAX_ATTRIBUTE_BYTES = 10_000;

export class CatalogService {
  constructor(
    private readonly store: Store,
    private readonly holder: ModelHolder,
    private readonly state: MerchandisingState,
  ) {}

  /** From the served model's records, which hold every catalogue product as it is now (no query per product). */
  product(productId: string): ProductRecord {
    const id = requireId(productId, "productId");
    const product = this.holder.latest().product(id);
    if (!product) throw new NotFoundError(`no product with id "${id}"`);
    return product;
  }

  /** Products by id, in the order asked; null for an id the catalogue does not hold. */
  products(productIds: readonly string[]): (ProductRecord | null)[] {
    if (productIds.length > MAX_PRODUCT_IDS)
      throw new InvalidInputError(`ids lists at most ${MAX_PRODUCT_IDS} products, got ${productIds.length}`);
    const ids = productIds.map((id, i) => requireId(id, `ids[${i}]`));
    const model = this.holder.latest();
    return ids.map((id) => model.product(id) ?? null);
  }

  /**
   * Adds or updates products in one transaction: all of them, or none if any input is invalid (the
   * error names it). Idempotent on id. A new product is recommendable at once by its category's
   * vector and takes part in fold-in; an unavailable or archived one is never recommended.
   */
  upsertProducts(inputs: readonly ProductChange[]): ProductRecord[] {
    if (inputs.length === 0) throw new InvalidInputError("inputs must hold at least one product");
    if (inputs.length > MAX_PRODUCT_BATCH)
      throw new InvalidInputError(`one call changes at most ${MAX_PRODUCT_BATCH} products, got ${inputs.length}`);
    const seen = new Map<string, number>();
    const changes = inputs.map((input, i) => {
      const change = checkChange(input, `inputs[${i}]`);
      const earlier = seen.get(change.id);
      if (earlier !== undefined) throw new InvalidInputError(`inputs[${i}].id "${change.id}" repeats inputs[${earlier}].id`);
      seen.set(change.id, i);
      if (change.name === undefined && !this.store.catalog.product(change.id))
        throw new InvalidInputError(`inputs[${i}].name is required for a new product ("${change.id}")`);
      return change;
    });
    // A write transaction from the start: another server process may write between a read and a write of a deferred one.
    const stored = this.store.transaction(() => this.store.catalog.applyChanges(changes));
    this.holder.refreshCatalog();
    return stored;
  }

  /**
   * The k products (from offset on) whose embeddings are closest to this one's by cosine similarity,
   * as the merchandising rules of the placement shape them (a curated list leads or replaces them).
   */
  similarProducts(productId: string, k: number, options: PageOptions & { placement?: string | null } = {}): Page<SimilarProduct> {
    const id = requireId(productId, "productId");
    requireK(k);
    const { filter, offset } = checkPage(options);
    const placement = options.placement == null ? null : checkLabel(options.placement, "placement");
    const model = this.holder.latest();
    const idx = model.products.indexOf(id);
    if (idx === undefined) {
      if (!this.store.catalog.product(id)) throw new NotFoundError(`no product with id "${id}"`);
      return pageOf([], offset, k); // in the catalogue, but nobody has bought it yet: it has no embedding.
    }
    const seed = model.productRecords[idx];
    const rules = ActiveRules.of(model, this.state.rules(), {
      query: "similarProducts",
      placement,
      ruleSets: [],
      now: Date.now(),
      seedCategory: seed.category,
    });
    const skip = filterMask(model, filter);
    skip[idx] = 1;
    const buried = rules.removeInto(skip);
    const excluded = rules.empty ? skip : skip.slice();
    const item = (index: number, score: number): SimilarProduct => ({
      product: model.productRecords[index],
      similarity: rules.modelScore(index, score),
      index,
      rules: rules.empty ? [] : rules.changedBy(index),
    });
    const length = offset + k + 1;
    const wanted = length + extraCandidates(rules, length);
    // A large catalogue with no rule scaling scores, burying to the end or promoting: through its
    // graph by cosine (serving/ann-search.ts), each candidate's similarity exact; else every product.
    const seedVector = model.productFactors.subarray(idx * model.k, (idx + 1) * model.k);
    const viaGraph = !rules.needsEveryScore && buried === null ? annTop(model, seedVector, wanted, skip, "cosine") : null;
    if (!viaGraph) {
      cosineToRow(model.productFactors, model.productNorms, model.productCount, model.k, idx, model.scores);
      rules.scaleScores(model.scores);
    }
    // Pinned and curated products are scored as they are placed: from every product's score, or exactly.
    const scoreOf = viaGraph ? (index: number) => cosineBetween(model, idx, index) : (index: number) => model.scores[index];
    const ranked = (viaGraph ?? topK(model.scores, wanted, skip)).map(({ index, score }) => item(index, score));
    // Products buried to the end come only once every other product is in the list.
    if (buried && ranked.length < wanted)
      ranked.push(...topK(model.scores, wanted - ranked.length, invert(buried)).map(({ index, score }) => item(index, score)));
    const allowed = (i: number) => !excluded[i] || buried?.[i] === 1;
    const list = withCurated(rules, id, ranked, allowed, (index) => item(index, scoreOf(index)));
    const window = arrangeList(model, list, {
      rules,
      length,
      excluded,
      pinnable: allowed,
      pool: (poolSkip, wanted) => topK(model.scores, wanted, poolSkip).map(({ index, score }) => item(index, score)),
      make: (index) => item(index, scoreOf(index)),
    });
    giveMask(model, skip);
    return pageOf(window.slice(offset), offset, k);
  }
}

/** cos(y_a, y_b), NaN when either has no vector. */
function cosineBetween(model: LiveModel, a: number, b: number): number {
  const { k, productFactors: y, productNorms: norms } = model;
  if (norms[a] === 0 || norms[b] === 0) return Number.NaN;
  let dot = 0;
  for (let f = 0; f < k; f++) dot += y[a * k + f] * y[b * k + f];
  return Math.fround(dot / (norms[a] * norms[b]));
}

/** Checks one product change; every error names the input and the field. */
function checkChange(input: ProductChange, where: string): ProductChange {
  const fail = (field: string, message: string): never => {
    throw new InvalidInputError(`${where}.${field} ${message}`);
  };
  let id: string;
  try {
    id = requireId(input.id, "id");
  } catch (error) {
    throw new InvalidInputError(`${where}.${(error as Error).message}`);
  }
  const text = (field: "name" | "category", value: string | null | undefined, required: boolean) => {
    if (value === undefined) return undefined;
    if (value === null) return required ? fail(field, "cannot be cleared") : null;
    const trimmed = value.trim();
    if (trimmed === "") return required ? fail(field, "must not be empty") : null;
    if (trimmed.length > MAX_TEXT) fail(field, `is too long (${trimmed.length} characters; at most ${MAX_TEXT})`);
    return trimmed;
  };
  const link = (field: "imageUrl" | "url", value: string | null | undefined) => {
    const problem = value == null ? null : urlProblem(value);
    if (problem) fail(field, problem);
    return value;
  };
  const { price, currency } = input;
  const priceIssue = price == null ? null : priceProblem(price);
  if (priceIssue) fail("price", priceIssue);
  const currencyIssue = currency == null ? null : currencyProblem(currency);
  if (currencyIssue) fail("currency", currencyIssue);
  const flag = (field: "available" | "archived", value: boolean | null | undefined) => {
    if (value === null) fail(field, "cannot be null; give true or false, or leave it out");
    return value;
  };
  return {
    id,
    name: text("name", input.name, true),
    category: text("category", input.category, false),
    price,
    currency,
    imageUrl: link("imageUrl", input.imageUrl),
    url: link("url", input.url),
    available: flag("available", input.available),
    archived: flag("archived", input.archived),
    attributes: checkAttributes(input.attributes, `${where}.attributes`),
  };
}

/** A flat JSON object of at most 50 keys whose values are strings, finite numbers, booleans or null. */
function checkAttributes(value: ProductAttributes | null | undefined, where: string): ProductAttributes | null | undefined {
  if (value == null) return value;
  if (typeof value !== "object" || Array.isArray(value)) throw new InvalidInputError(`${where} must be a JSON object`);
  const entries = Object.entries(value);
  if (entries.length > MAX_ATTRIBUTES) throw new InvalidInputError(`${where} holds at most ${MAX_ATTRIBUTES} keys, got ${entries.length}`);
  for (const [key, v] of entries) {
    if (key.length === 0 || key.length > 100) throw new InvalidInputError(`${where}: keys must be 1 to 100 characters`);
    const ok = v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));
    if (!ok) throw new InvalidInputError(`${where}.${key} must be a string, a finite number, true, false or null`);
  }
  const bytes = Buffer.byteLength(JSON.stringify(value));
  if (bytes > MAX_ATTRIBUTE_BYTES) throw new InvalidInputError(`${where} is too large (${bytes} bytes; at most ${MAX_ATTRIBUTE_BYTES})`);
  return value;
}
