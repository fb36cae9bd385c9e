/**
 * PeerWrites (src/serving/peer-writes.ts): taking into a served model the vectors other processes
 * folded in. Each test gets its own copy of the trained sample, opened twice: `here` serves, `other`
 * plays another server process on the same file.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createServices } from "../../src/serving";
import { LiveModel } from "../../src/serving/live-model";
import { PeerWrites } from "../../src/serving/peer-writes";
import { Store } from "../../src/store";
import { trainFromStore } from "../../src/training/training.service";
import { tempDir } from "../helpers/paths";
import { FAST_TRAINING, trainedModelFile } from "../helpers/trained-store";

let trainedFile: string;
beforeAll(async () => {
  trainedFile = (await trainedModelFile()).dbPath;
});

const opened: Store[] = [];
afterEach(() => opened.splice(0).forEach((s) => s.close()));

/** A fresh copy of the trained file, opened by two connections. */
function twoConnections(): { here: Store; other: Store } {
  const file = path.join(tempDir(), "model.db");
  for (const suffix of ["", "-wal"]) if (fs.existsSync(trainedFile + suffix)) fs.copyFileSync(trainedFile + suffix, file + suffix);
  const [here, other] = [Store.open(file), Store.open(file)];
  opened.push(here, other);
  return { here, other };
}

/** The newest version as ModelHolder serves it, with its PeerWrites marked before the load (as the class asks). */
function serve(store: Store): { model: LiveModel; peers: PeerWrites } {
  const peers = new PeerWrites(store);
  const mark = peers.mark();
  const model = load(store);
  peers.seenUpTo(mark);
  return { model, peers };
}

function load(store: Store): LiveModel {
  const stored = store.models.load()!;
  return new LiveModel(stored, store.catalog.products(stored.products.ids));
}

/** A live purchase recorded by another server process, which folds the customer in and stores the vector. */
function purchaseElsewhere(other: Store, customerId: string, productId: string): number {
  return createServices(other).interactions.recordInteraction({ customerId, productId, type: "purchase" }).id;
}

/** An interaction written straight into the file, with `vector` stored as the customer's in version `modelId`. */
function writeElsewhere(
  other: Store,
  customerId: string,
  productId: string,
  origin: "live" | "import",
  modelId?: number,
  vector?: Float32Array,
) {
  return other.transaction(() => {
    other.customers.ensure(customerId);
    const id = other.interactions.insert(
      { customerId, productId, type: "view", quantity: 1, unitPrice: 1, occurredAt: Date.UTC(2024, 0, 1), basketId: null, weight: null },
      origin,
    );
    if (modelId !== undefined && vector) other.models.saveCustomerVector(modelId, customerId, vector);
    return id;
  });
}

/** A vector no solver would give: (f − 8) / 4 for f = 0..k−1, exact in float32. */
const handMade = (k: number) => Float32Array.from({ length: k }, (_, f) => (f - 8) / 4);

const vectorOf = (model: LiveModel, customerId: string) => {
  const v = model.customerVector(customerId);
  return v && Array.from(v);
};
const storedVectorOf = (store: Store, model: LiveModel, customerId: string) => {
  const v = store.models.customerVector(model.id, customerId, model.k);
  return v && Array.from(v);
};

describe("PeerWrites", () => {
  it("marks the newest interaction in the file, whichever connection recorded it", () => {
    const { here, other } = twoConnections();
    const { model, peers } = serve(here);
    expect(peers.mark()).toBe(here.interactions.maxId());
    const id = purchaseElsewhere(other, "newcomer", model.products.idAt(0));
    expect(id).toBeGreaterThan(model.stored.lastInteractionId);
    expect(peers.mark()).toBe(id);
  });

  it("takes in the vector another connection stored for a customer new to the model", () => {
    const { here, other } = twoConnections();
    const { model, peers } = serve(here);
    purchaseElsewhere(other, "newcomer", model.products.idAt(0));
    expect(vectorOf(model, "newcomer")).toBeUndefined();
    expect(peers.catchUp(model)).toBe(true);
    const stored = storedVectorOf(here, model, "newcomer");
    expect(stored).toHaveLength(model.k);
    expect(vectorOf(model, "newcomer")).toEqual(stored);
  });

  it("replaces a trained customer's vector with the one another connection folded in", () => {
    const { here, other } = twoConnections();
    const { model, peers } = serve(here);
    const customerId = model.customers.idAt(3);
    const trained = vectorOf(model, customerId);
    purchaseElsewhere(other, customerId, model.products.idAt(5));
    const stored = storedVectorOf(here, model, customerId);
    expect(stored).not.toEqual(trained);
    expect(peers.catchUp(model)).toBe(true);
    expect(vectorOf(model, customerId)).toEqual(stored);
  });

  it("takes the stored vector as it is, without solving it again", () => {
    const { here, other } = twoConnections();
    const { model, peers } = serve(here);
    writeElsewhere(other, "hand-made", model.products.idAt(0), "live", model.id, handMade(model.k));
    expect(peers.catchUp(model)).toBe(true);
    expect(vectorOf(model, "hand-made")).toEqual(Array.from(handMade(model.k)));
  });

  it("takes each interaction in once: a vector set since is kept until the customer's next interaction", () => {
    const { here, other } = twoConnections();
    const { model, peers } = serve(here);
    const productId = model.products.idAt(0);
    writeElsewhere(other, "once", productId, "live", model.id, handMade(model.k));
    expect(peers.catchUp(model)).toBe(true);
    const zeros = new Array<number>(model.k).fill(0);
    model.setCustomerVector("once", zeros);
    expect(peers.catchUp(model)).toBe(true); // nothing new
    expect(vectorOf(model, "once")).toEqual(zeros);
    writeElsewhere(other, "someone-else", productId, "live", model.id, handMade(model.k));
    expect(peers.catchUp(model)).toBe(true);
    expect(vectorOf(model, "once")).toEqual(zeros);
    expect(vectorOf(model, "someone-else")).toEqual(Array.from(handMade(model.k)));
    writeElsewhere(other, "once", productId, "live");
    expect(peers.catchUp(model)).toBe(true);
    expect(vectorOf(model, "once")).toEqual(Array.from(handMade(model.k)));
  });

  it("leaves out the customers of interactions up to the mark given to seenUpTo", () => {
    const { here, other } = twoConnections();
    const { model, peers } = serve(here);
    writeElsewhere(other, "before-mark", model.products.idAt(0), "live", model.id, handMade(model.k));
    peers.seenUpTo(peers.mark());
    writeElsewhere(other, "after-mark", model.products.idAt(1), "live", model.id, handMade(model.k));
    expect(peers.catchUp(model)).toBe(true);
    expect(vectorOf(model, "before-mark")).toBeUndefined();
    expect(vectorOf(model, "after-mark")).toEqual(Array.from(handMade(model.k)));
  });

  it("leaves out interactions that were imported rather than recorded through the API", () => {
    const { here, other } = twoConnections();
    const { model, peers } = serve(here);
    writeElsewhere(other, "imported", model.products.idAt(0), "import", model.id, handMade(model.k));
    expect(storedVectorOf(here, model, "imported")).toEqual(Array.from(handMade(model.k)));
    expect(peers.catchUp(model)).toBe(true);
    expect(vectorOf(model, "imported")).toBeUndefined();
  });

  it("leaves out interactions at or below the model's data cut, even before anything was seen", () => {
    const { here, other } = twoConnections();
    const productId = load(here).products.idAt(0);
    writeElsewhere(other, "pre-cut", productId, "live");
    const { modelId } = trainFromStore(other, { ...FAST_TRAINING, iterations: 1 });
    const model = load(here);
    expect(model.id).toBe(modelId);
    const trained = vectorOf(model, "pre-cut");
    expect(trained).toHaveLength(model.k);
    other.transaction(() => other.models.saveCustomerVector(modelId, "pre-cut", handMade(model.k)));
    const fresh = new PeerWrites(here); // no seenUpTo: only the model's cut bounds what it takes
    expect(fresh.catchUp(model)).toBe(true);
    expect(vectorOf(model, "pre-cut")).toEqual(trained);
  });

  it("returns false, taking nothing, for a model that is no longer the newest, and takes it into the newest", () => {
    const { here, other } = twoConnections();
    const { model: old, peers } = serve(here);
    trainFromStore(other, { ...FAST_TRAINING, iterations: 1 });
    const newest = load(here);
    expect(newest.id).toBe(old.id + 1);
    purchaseElsewhere(other, "newcomer", old.products.idAt(0));
    expect(peers.catchUp(old)).toBe(false);
    expect(vectorOf(old, "newcomer")).toBeUndefined();
    expect(storedVectorOf(here, old, "newcomer")).toBeUndefined(); // the writer folded into the newest
    expect(peers.catchUp(newest)).toBe(true);
    const stored = storedVectorOf(here, newest, "newcomer");
    expect(stored).toHaveLength(newest.k);
    expect(vectorOf(newest, "newcomer")).toEqual(stored);
  });
});
