/**
 * ModelHolder (src/serving/model-holder.ts): which model version a server process serves, and when it
 * looks for a newer one. Each test gets its own copy of the trained sample, opened twice: `here` is the
 * serving process's connection, `other` plays another process (a second server, a training run).
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createServices } from "../../src/serving";
import { InteractionService } from "../../src/serving/interaction.service";
import { ModelHolder, type Swap } from "../../src/serving/model-holder";
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

function open(file: string): Store {
  const store = Store.open(file);
  opened.push(store);
  return store;
}

/** A fresh copy of the trained file with a holder on one connection and another connection beside it. */
function servedCopy(): { here: Store; other: Store; holder: ModelHolder; swaps: Swap[] } {
  const file = path.join(tempDir(), "model.db");
  for (const suffix of ["", "-wal"]) if (fs.existsSync(trainedFile + suffix)) fs.copyFileSync(trainedFile + suffix, file + suffix);
  const here = open(file);
  const other = open(file);
  const holder = new ModelHolder(here);
  const swaps: Swap[] = [];
  holder.onSwap((swap) => swaps.push(swap));
  return { here, other, holder, swaps };
}

/** A retrain on `store`'s connection, as a training process writes it; returns the new version's id. */
const retrain = (store: Store) => trainFromStore(store, { ...FAST_TRAINING, iterations: 1 }).modelId;

describe("ModelHolder", () => {
  it("refuses a file with no trained model, saying to train first", () => {
    const empty = open(path.join(tempDir(), "empty.db"));
    expect(() => new ModelHolder(empty)).toThrow("the model file holds no trained model; run `npm run train` first");
  });

  it("serves the newest version in the file, with every catalogue product", () => {
    const { here, holder } = servedCopy();
    expect(holder.current.id).toBe(here.models.latestId());
    const catalogue = here.catalog.allProducts();
    expect(catalogue.length).toBeGreaterThan(0);
    expect(holder.current.productCount).toBe(catalogue.length);
    for (const product of catalogue) expect(holder.current.product(product.id)).toEqual(product);
  });

  it("returns the same model from latest() while the file is unchanged, without looking for a version", () => {
    const { here, holder } = servedCopy();
    const served = holder.current;
    const look = vi.spyOn(here.models, "latestId");
    expect(holder.latest()).toBe(served);
    expect(holder.latest()).toBe(served);
    expect(look).not.toHaveBeenCalled();
  });

  it("returns the same model when another connection's write changed neither the version nor the catalogue", () => {
    const { other, holder, swaps } = servedCopy();
    const served = holder.current;
    other.transaction(() => other.customers.ensure("someone-new"));
    expect(holder.latest()).toBe(served);
    expect(swaps).toEqual([]);
  });

  it("keeps serving the old version from current, and swaps to another connection's new one at latest()", () => {
    const { other, holder, swaps } = servedCopy();
    const old = holder.current;
    const newer = retrain(other);
    expect(newer).toBe(old.id + 1);
    expect(holder.current).toBe(old);
    expect(holder.isCurrent(old)).toBe(false);
    const served = holder.latest();
    expect(served.id).toBe(newer);
    expect(holder.current).toBe(served);
    expect(holder.isCurrent(served)).toBe(true);
    expect(swaps).toEqual([{ from: old.id, to: newer, replayedCustomers: 0 }]);
    expect(holder.latest()).toBe(served);
    expect(swaps).toHaveLength(1);
  });

  it("calls every swap listener once, in order, after the new version has become current", () => {
    const { other, holder } = servedCopy();
    const old = holder.current.id;
    const heard: [string, Swap, number][] = [];
    holder.onSwap((swap) => heard.push(["first", swap, holder.current.id]));
    holder.onSwap((swap) => heard.push(["second", swap, holder.current.id]));
    const newer = retrain(other);
    const swap = holder.refresh();
    expect(swap).toEqual({ from: old, to: newer, replayedCustomers: 0 });
    expect(heard).toEqual([
      ["first", swap, newer],
      ["second", swap, newer],
    ]);
  });

  it("answers refresh() with null, calling no listener, when nothing newer is in the file", () => {
    const { holder, swaps } = servedCopy();
    const served = holder.current;
    expect(holder.refresh()).toBeNull();
    expect(holder.current).toBe(served);
    expect(swaps).toEqual([]);
  });

  it("hands the prepare hook the new version while the old one is still served, and reports its count", () => {
    const { other, holder, swaps } = servedCopy();
    const old = holder.current.id;
    const seen: { candidate: number; served: number }[] = [];
    holder.onNewVersion(() => 1);
    holder.onNewVersion((candidate) => {
      seen.push({ candidate: candidate.id, served: holder.current.id });
      return 7;
    });
    const newer = retrain(other);
    expect(holder.latest().id).toBe(newer);
    expect(seen).toEqual([{ candidate: newer, served: old }]);
    // Only the last hook given runs: onNewVersion replaces, it does not add.
    expect(swaps).toEqual([{ from: old, to: newer, replayedCustomers: 7 }]);
  });

  it("re-applies, through the prepare hook, an interaction recorded after the new version's cut", () => {
    const { here, other, holder, swaps } = servedCopy();
    const interactions = new InteractionService(here, holder);
    holder.onNewVersion((candidate) => interactions.replaySince(candidate));
    const old = holder.current.id;
    const newer = retrain(other);
    const productId = holder.current.products.idAt(0);
    // Recorded by another process after the retrain read the file: the new version has no vector for it.
    other.transaction(() => {
      other.customers.ensure("late");
      other.interactions.insert(
        {
          customerId: "late",
          productId,
          type: "view",
          quantity: 1,
          unitPrice: 1,
          occurredAt: Date.UTC(2024, 0, 1),
          basketId: null,
          weight: null,
        },
        "live",
      );
    });
    expect(other.models.customerVector(newer, "late", holder.current.k)).toBeUndefined();
    const served = holder.latest();
    expect(swaps).toEqual([{ from: old, to: newer, replayedCustomers: 1 }]);
    const stored = here.models.customerVector(newer, "late", served.k);
    expect(stored).toBeDefined();
    expect(Array.from(served.customerVector("late")!)).toEqual(Array.from(stored!));
  });

  it("skips straight to the newest version when two retrains have deleted the served one", () => {
    const { here, other, holder, swaps } = servedCopy();
    const old = holder.current.id;
    retrain(other);
    const newest = retrain(other);
    expect(here.models.load(old)).toBeNull();
    expect(holder.current.id).toBe(old);
    expect(holder.latest().id).toBe(newest);
    expect(swaps).toEqual([{ from: old, to: newest, replayedCustomers: 0 }]);
  });

  it("refuses to swap to a version gone between its look and its load, and keeps the served one", () => {
    const { here, holder, swaps } = servedCopy();
    const served = holder.current;
    vi.spyOn(here.models, "latestId").mockReturnValueOnce(served.id + 5);
    expect(() => holder.refresh()).toThrow(`model version ${served.id + 5} is gone from the file`);
    expect(holder.current).toBe(served);
    expect(swaps).toEqual([]);
  });

  it("re-reads a product another connection changed at latest(), on the same version and without a swap", () => {
    const { other, holder, swaps } = servedCopy();
    const old = holder.current;
    const productId = old.products.idAt(0);
    const name = old.product(productId)!.name;
    old.setCustomerVector("folded-in", new Float32Array(old.k).fill(0.25));
    other.catalog.applyChanges([{ id: productId, name: "Renamed", available: false }]);
    expect(holder.isCurrent(old)).toBe(false);
    expect(holder.current.product(productId)!.name).toBe(name);
    const served = holder.latest();
    expect(served).not.toBe(old);
    expect(served.id).toBe(old.id);
    expect(served.product(productId)).toMatchObject({ name: "Renamed", available: false });
    expect(served.blocked[served.products.indexOf(productId)!]).toBe(1);
    expect(Array.from(served.customerVector("folded-in")!)).toEqual(new Array(old.k).fill(0.25));
    expect(holder.isCurrent(served)).toBe(true);
    expect(holder.isCurrent(old)).toBe(false);
    expect(swaps).toEqual([]);
  });

  it("serves a product another connection added, after the trained ones", () => {
    const { other, holder } = servedCopy();
    const before = holder.current.productCount;
    const category = holder.current.productRecords[0].category;
    other.catalog.applyChanges([{ id: "brand-new", name: "Brand new", category, price: 3 }]);
    expect(holder.current.product("brand-new")).toBeUndefined();
    const served = holder.latest();
    expect(served.productCount).toBe(before + 1);
    expect(served.products.indexOf("brand-new")).toBe(before);
    expect(served.product("brand-new")).toMatchObject({ id: "brand-new", name: "Brand new", category, price: 3 });
    expect(served.foldable(before)).toBe(true); // it has its category's vector
  });

  it("takes in at latest() the vector another process folded in for a customer", () => {
    const { other, holder } = servedCopy();
    const productId = holder.current.products.idAt(1);
    createServices(other).interactions.recordInteraction({ customerId: "newcomer", productId, type: "purchase" });
    expect(holder.current.customerVector("newcomer")).toBeUndefined();
    const served = holder.latest();
    const stored = other.models.customerVector(served.id, "newcomer", served.k)!;
    expect(stored).toBeDefined();
    expect(Array.from(served.customerVector("newcomer")!)).toEqual(Array.from(stored));
  });
});
