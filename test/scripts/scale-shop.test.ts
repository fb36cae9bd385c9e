import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_SCALE_SHOP, scaleShopCustomers, scaleShopInteractions, scaleShopProducts } from "../../scripts/scale-shop";
import { ROOT } from "../helpers/paths";

const SHOP = { ...DEFAULT_SCALE_SHOP, products: 2000, interactions: 60_000 };

describe("a synthetic shop for the scale benchmark", () => {
  const batches = [...scaleShopInteractions(SHOP, 7000)];
  const all = batches.flat();

  it("comes in batches of the size asked for, the whole count in all, the same for the same seed", () => {
    expect(batches.slice(0, -1).every((b) => b.length === 7000)).toBe(true);
    expect(all).toHaveLength(60_000);
    expect([...scaleShopInteractions(SHOP, 7000)].flat().slice(0, 50)).toEqual(all.slice(0, 50));
    expect(scaleShopCustomers(SHOP)).toBe(3000);
    expect(scaleShopProducts(SHOP)).toHaveLength(2000);
    expect(all.every((r) => Number(r.productId.slice(1)) < 2000 && Number(r.customerId.slice(1)) < 3000)).toBe(true);
  });

  it("has power-law popularity: the top 1% of products take a large share, the bottom half little", () => {
    const counts = new Map<string, number>();
    for (const r of all) counts.set(r.productId, (counts.get(r.productId) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const share = (from: number, to: number) => sorted.slice(from, to).reduce((s, c) => s + c, 0) / all.length;
    // Uniform popularity would give them 1%, and the bottom half 50%.
    expect(share(0, 20)).toBeGreaterThan(0.15);
    expect(share(1000, 2000)).toBeLessThan(0.2);
  });

  it("has clustered tastes: most of a customer's purchases fall in one category", () => {
    const byCustomer = new Map<string, Map<number, number>>();
    for (const r of all) {
      const cluster = Number(r.productId.slice(1)) % SHOP.clusters;
      const m = byCustomer.get(r.customerId) ?? new Map<number, number>();
      m.set(cluster, (m.get(cluster) ?? 0) + 1);
      byCustomer.set(r.customerId, m);
    }
    let top = 0;
    for (const m of byCustomer.values()) top += Math.max(...m.values());
    expect(top / all.length).toBeGreaterThan(0.7);
  });
});

describe("npm run bench:scale", () => {
  it("measures a tiny step in processes of its own and prints its row, and lists steps past the limit unrun", { timeout: 120_000 }, () => {
    const run = spawnSync(
      process.execPath,
      [
        "-r",
        "tsx/cjs",
        path.join("scripts", "bench-scale.ts"),
        "--steps",
        "300:6000,1000:50000",
        "--max-interactions",
        "10000",
        "--sweeps",
        "1",
        "--requests",
        "20",
        "--factors",
        "8",
      ],
      { cwd: ROOT, encoding: "utf8", timeout: 110_000 },
    );
    expect(run.stderr).toBe("");
    const rows = run.stdout.trim().split("\n");
    expect(rows[0]).toMatch(/^\| products \| interactions \| customers \| import s \| import peak MB \| file MB \| train s/);
    const cells = rows[2].split("|").map((c) => c.trim());
    expect(cells.slice(1, 4)).toEqual(["300", "6000", "300"]);
    // Every figure measured; a catalogue this small has no graphs, so their build, settings and recall are "-".
    const figures = cells.slice(4, 21);
    expect(figures).toHaveLength(17);
    expect(figures.filter((c) => c === "-")).toHaveLength(4);
    expect(figures.filter((c) => c !== "-").every((c) => c !== "" && Number.isFinite(Number(c)))).toBe(true);
    expect(rows[3]).toMatch(/^\| 1000 \| 50000 \| not run: more than --max-interactions 10000 \|$/);
  });
});
