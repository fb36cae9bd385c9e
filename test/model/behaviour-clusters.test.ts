import { describe, expect, it } from "vitest";
import {
  categoryWeight,
  type ClusterInput,
  clusterLabel,
  distinctLabels,
  type ClusterPlacement,
  type CustomerFeatures,
  describeClusters,
  featureNames,
  featureRow,
  fitClusters,
  placeCustomer,
  placementOf,
} from "../../src/model/behaviour-clusters";

const customer = (recencyDays: number, frequency: number, monetary: number, categoryCounts: number[] = []): CustomerFeatures => ({
  recencyDays,
  frequency,
  monetary,
  pageViews: null,
  timeSpent: null,
  categoryCounts,
});

describe("clusterLabel", () => {
  const population = { averageRecencyDays: 90, averageFrequency: 4, averageSpend: 1000 };
  it.each([
    [{ averageRecencyDays: 20, averageFrequency: 12, averageSpend: 5000 }, null, "Recent high-spending frequent buyers"],
    [{ averageRecencyDays: 200, averageFrequency: 1.2, averageSpend: 150 }, null, "Lapsed low-spending one-off buyers"],
    [{ averageRecencyDays: 90, averageFrequency: 4, averageSpend: 1000 }, "Books", "Typical buyers of Books"],
    [{ averageRecencyDays: 140, averageFrequency: 4, averageSpend: 1000 }, "Garden", "Lapsed buyers of Garden"],
    [{ averageRecencyDays: 90, averageFrequency: 2.5, averageSpend: 600 }, null, "Low-spending occasional buyers"],
  ])("names a cluster with figures %o (category %s) %s", (figures, category, label) => {
    expect(clusterLabel(figures, population, category)).toBe(label);
  });

  it("needs a figure 1.5 times the population's, or at most two thirds of it, for a word", () => {
    expect(clusterLabel({ averageRecencyDays: 61, averageFrequency: 5.9, averageSpend: 1499 }, population, null)).toBe("Typical buyers");
    expect(clusterLabel({ averageRecencyDays: 60, averageFrequency: 6, averageSpend: 1500 }, population, null)).toBe(
      "Recent high-spending frequent buyers",
    );
  });

  it("never contradicts the figures it summarises: a Recent cluster is more recent than the population", () => {
    for (let r = 0; r <= 300; r += 10) {
      const label = clusterLabel({ averageRecencyDays: r, averageFrequency: 4, averageSpend: 1000 }, population, null);
      if (label.startsWith("Recent")) expect(r).toBeLessThan(population.averageRecencyDays);
      if (label.startsWith("Lapsed")) expect(r).toBeGreaterThan(population.averageRecencyDays);
    }
  });

  it("is made unique: clusters that would share a label are told apart by their top category, else their number", () => {
    expect(distinctLabels(["Typical buyers", "Recent buyers", "Typical buyers"], ["Books", "Toys", "Garden"])).toEqual([
      "Typical buyers, mostly Books",
      "Recent buyers",
      "Typical buyers, mostly Garden",
    ]);
    expect(distinctLabels(["Typical buyers", "Typical buyers"], ["Books", "Books"])).toEqual([
      "Typical buyers, mostly Books (group 1)",
      "Typical buyers, mostly Books (group 2)",
    ]);
  });
});

describe("featureRow", () => {
  it("takes logs of the figures, then browsing where the layout has it, then category shares", () => {
    const out = new Float64Array(7);
    const layout = { categories: ["A", "B"], hasViews: true, hasTime: true };
    featureRow(
      { recencyDays: 0, frequency: 1, monetary: Math.E - 1, pageViews: 3, timeSpent: null, categoryCounts: [1, 3] },
      layout,
      out,
      0,
    );
    expect(Array.from(out)).toEqual([0, Math.log(2), 1, Math.log(4), 0, 0.25, 0.75]);
    expect(featureNames(layout)).toEqual([
      "log recency",
      "log frequency",
      "log monetary",
      "log page views",
      "log time spent",
      "share A",
      "share B",
    ]);
  });

  it("treats negative spend as none and an empty category mix as zeros", () => {
    const out = new Float64Array(5);
    featureRow(customer(0, 0, -50, [0, 0]), { categories: ["A", "B"], hasViews: false, hasTime: false }, out, 0);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0]);
  });

  it("weighs the category mix as one feature: 1/√categories", () => {
    expect(categoryWeight(4)).toBe(0.5);
    expect(categoryWeight(0)).toBe(0);
  });
});

describe("placeCustomer", () => {
  // Three RFM features, unit deviations around zero: standardizing leaves the raw logs as they are.
  const placement: ClusterPlacement = {
    categories: [],
    hasViews: false,
    hasTime: false,
    mean: [0, 0, 0],
    std: [1, 1, 1],
    centroids: [0, 0, 0, Math.log1p(10), Math.log1p(5), Math.log1p(100)],
    clusterIds: [7, 3],
  };

  it("puts a customer in the cluster whose centre is nearest, by its stored id", () => {
    expect(placeCustomer(placement, customer(10, 5, 100))).toBe(3);
    expect(placeCustomer(placement, customer(0, 0, 0))).toBe(7);
    expect(placeCustomer(placement, customer(1, 1, 2))).toBe(7);
  });

  it("standardizes with the stored means and deviations, and ignores a feature that did not vary", () => {
    // Frequency had no spread in training (std 0): it counts as average whatever its value.
    const shifted = { ...placement, mean: [Math.log1p(10), 0, Math.log1p(100)], std: [1, 0, 1], centroids: [0, 0, 0, 5, 0, 5] };
    expect(placeCustomer(shifted, customer(10, 1000, 100))).toBe(7);
  });
});

describe("fitClusters and describeClusters", () => {
  // Two recent, frequent, big spenders of category A and two lapsed one-off small buyers of category B.
  const input: ClusterInput = {
    layout: { categories: ["A", "B"], hasViews: false, hasTime: false },
    customers: [customer(1, 10, 1000, [4, 0]), customer(2, 12, 1200, [5, 0]), customer(300, 1, 10, [0, 1]), customer(320, 1, 20, [0, 1])],
  };
  const purchases = [
    { customer: 0, product: 0 },
    { customer: 0, product: 1 },
    { customer: 1, product: 1 },
    { customer: 2, product: 2 },
    { customer: 3, product: 2 },
  ];
  const fit = fitClusters(input, { clusters: 2, range: [2], seed: 1 });
  const clusters = describeClusters(fit, input, purchases, (a, b) => a - b);
  const big = clusters.find((c) => c.members.includes(0))!;
  const small = clusters.find((c) => c.members.includes(2))!;

  it("separates the two kinds of customer", () => {
    expect(clusters).toHaveLength(2);
    expect(big.members).toEqual([0, 1]);
    expect(small.members).toEqual([2, 3]);
  });

  it("sums each cluster's figures", () => {
    expect(big).toMatchObject({ revenue: 2200, averageOrderValue: 100, averageRecencyDays: 1.5, averageFrequency: 11 });
    expect(small).toMatchObject({ revenue: 30, averageOrderValue: 15, averageRecencyDays: 310, averageFrequency: 1 });
    expect(big.revenueShare).toBeCloseTo(2200 / 2230, 12);
    expect(big.topCategories).toEqual([{ category: "A", share: 1 }]);
    expect(big.topProducts).toEqual([1, 0]);
    expect(small.topProducts).toEqual([2]);
    expect(big.browsing).toEqual({ logPageViews: null, logTimeSpent: null });
  });

  it("labels each cluster by how its centre differs from the average customer, naming a category it buys far more than others", () => {
    // A is 100% of the big spenders' purchases but 9/11 of everyone's (1.2×, under 1.5×): not their signature.
    expect(big.label).toBe("Recent high-spending frequent buyers");
    // B is 100% of the small buyers' purchases and 2/11 of everyone's (5.5×).
    expect(small.label).toBe("Lapsed low-spending one-off buyers of B");
  });

  it("places every member back into its own cluster", () => {
    const placement = placementOf(fit, input.layout, clusters);
    input.customers.forEach((c, i) => expect(placeCustomer(placement, c)).toBe(fit.result.assignments[i]));
  });
});
