/**
 * Ten merchandising rules of every kind and one running experiment, as a shop would have them, for
 * the benchmarks that measure serving with them (`--merchandising` of bench:http; bench:serve's second
 * half). The rules act on the served model's best sellers and largest categories, so that they shape
 * most lists.
 */
import type { Services } from "../src/serving";

export function addBenchMerchandising(services: Services): void {
  const model = services.holder.latest();
  const order = Array.from(model.popularOrder).filter((i) => !model.blocked[i]);
  const id = (rank: number) => model.productRecords[order[rank % order.length]].id;
  const counts = new Map<string, number>();
  for (const p of model.productRecords) if (p.category) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
  const categories = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  const category = (n: number) => (categories.length > 0 ? [categories[n % categories.length]] : null);
  const condition = (n: number) => (categories.length > 0 ? { categories: category(n) } : { productIds: [id(50 + n), id(60 + n)] });
  const day = 86_400_000;
  services.merchandising.upsert([
    { name: "bench-exclude", exclude: { condition: { productIds: [id(3), id(11)] } } },
    { name: "bench-boost", boost: { condition: condition(1), factor: 1.5 } },
    { name: "bench-boost-price", boost: { condition: { minPrice: 5, maxPrice: 50 }, factor: 1.2 } },
    { name: "bench-bury", bury: { condition: condition(2), factor: 0.5 } },
    { name: "bench-bury-end", bury: { condition: { productIds: [id(0)] } } },
    {
      name: "bench-pin",
      pin: {
        pins: [
          { productId: id(40), position: 2 },
          { productId: id(41), position: 6 },
        ],
      },
    },
    { name: "bench-diversity", diversity: { maxPerValue: 3, withinFirst: 10 } },
    { name: "bench-promotion", promotion: { condition: condition(3), slots: 2, per: 10 } },
    { name: "bench-curated", curated: { seedProductId: id(1), productIds: [id(20), id(21), id(22)] } },
    {
      name: "bench-season",
      activeFrom: new Date(Date.now() - day),
      activeTo: new Date(Date.now() + 30 * day),
      ruleSet: "season",
      boost: { condition: condition(4), factor: 2 },
    },
  ]);
  services.experiments.start({
    name: "bench",
    arms: [
      { name: "control", share: 0.5 },
      { name: "season", share: 0.5, ruleSets: ["season"] },
    ],
  });
}
