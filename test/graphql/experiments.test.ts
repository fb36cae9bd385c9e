/**
 * A/B experiments through the API: starting and stopping them, what each arm serves, and a simulated
 * experiment whose results call the better arm and leave an identical one uncalled.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRandom } from "../../src/model/random";
import { graphqlHarness } from "../helpers/graphql";
import { trainedModelFile } from "../helpers/trained-store";

let h: ReturnType<typeof graphqlHarness>;
let customer: string;
let categories: string[];
beforeAll(async () => {
  const trained = await trainedModelFile();
  h = graphqlHarness(trained.dbPath);
  customer = h.holder.current.customers.ids.find((id) => h.services.recommendations.recommend(id, 10).items[0].source === "personalized")!;
  categories = [...new Set(trained.shop.products.map((p) => p.category))];
});
afterAll(() => h.close());

const START = `mutation ($input: ExperimentInput!) { startExperiment(input: $input) { id name placements control running arms { name share ranker ruleSets } } }`;
const STOP = `mutation ($id: ID!) { stopExperiment(id: $id) { id running stoppedAt } }`;
const PAGE = `query ($id: ID, $session: ID, $placement: String) {
  recommendationsPage(customerId: $id, sessionId: $session, k: 5, placement: $placement) {
    recommendationId experimentId arm items { product { id category price } source rules }
  }
}`;
interface Page {
  recommendationId: string;
  experimentId: string | null;
  arm: string | null;
  items: { product: { id: string; category: string; price: number }; source: string; rules: string[] }[];
}
const page = async (vars: Record<string, unknown>) => (await h.data<{ recommendationsPage: Page }>(PAGE, vars)).recommendationsPage;
const start = async (input: Record<string, unknown>) =>
  (await h.data<{ startExperiment: { id: string } }>(START, { input })).startExperiment;
const stop = (id: string) => h.data(STOP, { id });

describe("experiments", () => {
  it("split a placement's visitors by share, each always in the same arm, and leave other placements alone", async () => {
    const e = await start({
      name: "rankers",
      placements: ["home"],
      arms: [
        { name: "tuned", share: 0.5 },
        { name: "best sellers", share: 0.5, ranker: "POPULARITY" },
      ],
    });
    try {
      const first = await page({ id: customer, placement: "home" });
      expect(first.experimentId).toBe(e.id);
      for (let i = 0; i < 3; i++) expect((await page({ id: customer, placement: "home" })).arm).toBe(first.arm);
      expect(await page({ id: customer, placement: "cart" })).toMatchObject({ experimentId: null, arm: null });
      // Anonymous visits by their session id; a visit with neither id is outside the experiment.
      const arms = new Set<string | null>();
      for (let s = 0; s < 40; s++) arms.add((await page({ session: `session-${s}`, placement: "home" })).arm);
      expect(arms).toEqual(new Set(["tuned", "best sellers"]));
      expect((await page({ placement: "home" })).arm).toBeNull();
      // The popularity control serves the best sellers to a customer the tuned arm ranks personally.
      const customers = h.holder.current.customers.ids.slice(0, 60);
      const inArm = async (arm: string) => {
        for (const id of customers) {
          const p = await page({ id, placement: "home" });
          if (p.arm === arm && p.items[0].source !== "CLUSTER") return p;
        }
        throw new Error(`no customer in ${arm}`);
      };
      expect((await inArm("best sellers")).items.every((i) => i.source === "POPULAR")).toBe(true);
      expect((await inArm("tuned")).items[0].source).toBe("PERSONALIZED");
    } finally {
      await stop(e.id);
    }
    expect((await page({ id: customer, placement: "home" })).experimentId).toBeNull();
  });

  it("apply an arm's rule sets to its lists only", async () => {
    const boosted = categories[categories.length - 1];
    await h.data(`mutation ($rules: [MerchandisingRuleInput!]!) { upsertMerchandisingRules(rules: $rules) { name } }`, {
      rules: [{ name: "lift-last", ruleSet: "lift", boost: { condition: { categories: [boosted] }, factor: 1000 } }],
    });
    const e = await start({
      name: "rule sets",
      arms: [
        { name: "plain", share: 0.5 },
        { name: "lifted", share: 0.5, ruleSets: ["lift"] },
      ],
    });
    try {
      for (let s = 0; s < 20; s++) {
        const p = await page({ session: `v${s}` });
        const lifted = p.items.filter((i) => i.rules.includes("lift-last"));
        if (p.arm === "lifted") expect(lifted.length).toBeGreaterThan(0);
        else expect(lifted).toEqual([]);
      }
    } finally {
      await stop(e.id);
      h.services.merchandising.delete("lift-last");
    }
  });

  it("rank a BLEND arm by its own weights: popularity alone orders as the popularity control does", async () => {
    const lists: Page[] = [];
    for (const [ranker, blend] of [
      ["POPULARITY", null],
      ["BLEND", { als: 0, itemKnn: 0, popularity: 1 }],
      ["BLEND", { als: 1, itemKnn: 0, popularity: 0 }],
      ["ALS", null],
    ] as const) {
      const e = await start({
        name: `one arm ${ranker}`,
        arms: [
          { name: "all", share: 0.999999, ranker, blend },
          { name: "rest", share: 1e-6 },
        ],
      });
      try {
        lists.push(await page({ id: customer }));
      } finally {
        await stop(e.id);
      }
    }
    const ids = (p: Page) => p.items.map((i) => i.product.id);
    expect(lists.every((l) => l.arm === "all")).toBe(true);
    // The same best sellers (products bought by as many customers may come in another order).
    expect(new Set(ids(lists[1]))).toEqual(new Set(ids(lists[0])));
    expect(lists[0].items[0].source).toBe("POPULAR");
    expect(lists[1].items[0].source).toBe("PERSONALIZED");
    expect(ids(lists[2])).toEqual(ids(lists[3]));
    expect(ids(lists[2])).not.toEqual(ids(lists[0]));
  });

  it("refuse what cannot run with BAD_USER_INPUT naming the field, storing nothing", async () => {
    const refused = async (input: Record<string, unknown>, message: RegExp) => {
      const before = h.services.experiments.experiments().length;
      const result = await h.run(START, { input });
      expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
      expect(result.errors![0].message).toMatch(message);
      expect(h.services.experiments.experiments()).toHaveLength(before);
    };
    await refused(
      {
        name: "x",
        arms: [
          { name: "a", share: 0.6 },
          { name: "b", share: 0.5 },
        ],
      },
      /shares add up to 110%, over 100%/,
    );
    await refused({ name: "x", arms: [{ name: "a", share: 0.5 }] }, /arms must list 2 to 10 arms/);
    await refused(
      {
        name: "x",
        arms: [
          { name: "a", share: 0.5 },
          { name: "b", share: 0.5, ranker: "BLEND" },
        ],
      },
      /arms\[1\]\.blend is required for a BLEND arm/,
    );
    await refused(
      {
        name: "x",
        arms: [
          { name: "a", share: 0.5, blend: { als: 1, itemKnn: 0, popularity: 0 } },
          { name: "b", share: 0.5 },
        ],
      },
      /arms\[0\]\.blend is for an arm whose ranker is BLEND/,
    );
    await refused(
      {
        name: "x",
        arms: [
          { name: "a", share: 0.5 },
          { name: "b", share: 0.5, ranker: "BLEND", blend: { als: -1, itemKnn: 0, popularity: 0 } },
        ],
      },
      /arms\[1\]\.blend\.als must be from 0 to 100/,
    );
    await refused(
      {
        id: "no spaces",
        name: "x",
        arms: [
          { name: "a", share: 0.5 },
          { name: "b", share: 0.5 },
        ],
      },
      /id must be 1 to 64 letters/,
    );
    await refused(
      {
        name: "x",
        arms: [
          { name: "a", share: 0.5 },
          { name: "a", share: 0.5 },
        ],
      },
      /arms\[1\]\.name "a" repeats/,
    );
    await refused(
      {
        name: "x",
        arms: [
          { name: "a", share: 0 },
          { name: "b", share: 0.5 },
        ],
      },
      /arms\[0\]\.share must be above 0/,
    );
    await refused(
      {
        name: "x",
        control: "c",
        arms: [
          { name: "a", share: 0.5 },
          { name: "b", share: 0.5 },
        ],
      },
      /control "c" is not one of the arms/,
    );
    const e = await start({
      name: "running",
      placements: ["home", "cart"],
      arms: [
        { name: "a", share: 0.5 },
        { name: "b", share: 0.5 },
      ],
    });
    try {
      await refused(
        {
          name: "x",
          placements: ["cart"],
          arms: [
            { name: "a", share: 0.5 },
            { name: "b", share: 0.5 },
          ],
        },
        /placements: experiment "running" .* is already running on cart/,
      );
      await refused(
        {
          name: "x",
          arms: [
            { name: "a", share: 0.5 },
            { name: "b", share: 0.5 },
          ],
        },
        /already running/,
      );
    } finally {
      await stop(e.id);
    }
    const again = await h.run(STOP, { id: e.id });
    expect(h.errorCode(again)).toBe("BAD_USER_INPUT");
    expect(h.errorCode(await h.run(STOP, { id: "no-such-experiment" }))).toBe("NOT_FOUND");
  });

  it("call, in a simulated experiment, the arm that shows what the population buys more often, and not an arm identical to the control", async () => {
    // The population buys products of one category four times as often as any other; arm "good"
    // lifts that category to the top of its lists, arm "same" is the control again (an A/A test).
    const good = categories[3];
    await h.data(`mutation ($rules: [MerchandisingRuleInput!]!) { upsertMerchandisingRules(rules: $rules) { name } }`, {
      rules: [{ name: "lift-good", ruleSet: "good", boost: { condition: { categories: [good] }, factor: 1000 } }],
    });
    // A stable id: which arm each visitor lands in, and so every figure below, is the same on every run.
    const e = await start({
      id: "simulated",
      name: "simulated",
      placements: ["sim"],
      arms: [
        { name: "control", share: 1 / 3 },
        { name: "same", share: 1 / 3 },
        { name: "good", share: 1 / 3, ruleSets: ["good"] },
      ],
    });
    const random = createRandom(11);
    const RECORD = `mutation ($input: InteractionInput!) { recordInteraction(input: $input) { id } }`;
    try {
      for (let v = 0; v < 1500; v++) {
        const visitor = `sim-${v}`;
        const p = await page({ id: visitor, placement: "sim" });
        for (const item of p.items) {
          const liked = item.product.category === good;
          if (random() >= (liked ? 0.3 : 0.12)) continue;
          const input = { customerId: visitor, productId: item.product.id, recommendationId: p.recommendationId };
          await h.data(RECORD, { input: { ...input, type: "VIEW" } });
          if (random() < (liked ? 0.4 : 0.25)) await h.data(RECORD, { input: { ...input, type: "PURCHASE", quantity: 1, price: 20 } });
        }
      }
      const { experimentResults } = await h.data<{ experimentResults: { threshold: number; arms: ArmRow[] } }>(RESULTS, { id: e.id });
      const arm = (name: string) => experimentResults.arms.find((a) => a.arm.name === name)!;
      expect(experimentResults.arms.reduce((s, a) => s + a.lists, 0)).toBe(1500);
      for (const a of experimentResults.arms) expect(Math.abs(a.lists / 1500 - 1 / 3)).toBeLessThan(0.05);
      expect(arm("control")).toMatchObject({ control: true, vsControl: null });
      expect(arm("good").vsControl).toMatchObject({
        conversion: { verdict: "BETTER" },
        clickThrough: { verdict: "BETTER" },
        revenuePerList: { verdict: "BETTER" },
      });
      expect(arm("good").vsControl!.conversion.pValue).toBeLessThan(experimentResults.threshold);
      expect(arm("same").vsControl).toMatchObject({ conversion: { verdict: "NO_DIFFERENCE" }, clickThrough: { verdict: "NO_DIFFERENCE" } });
      const c = arm("control").conversion;
      expect(c.low).toBeLessThan(c.value);
      expect(c.high).toBeGreaterThan(c.value);
      expect(arm("good").revenue).toBe(arm("good").purchases * 20);
    } finally {
      await stop(e.id);
      h.services.merchandising.delete("lift-good");
    }
  });
});

interface ArmRow {
  arm: { name: string };
  control: boolean;
  lists: number;
  purchases: number;
  revenue: number;
  conversion: { value: number; low: number; high: number };
  vsControl: Record<string, { verdict: string; pValue: number }> | null;
}
const RESULTS = `query ($id: ID!) {
  experimentResults(id: $id) {
    threshold
    arms {
      arm { name } control lists impressions views carts purchases revenue
      clickThrough { value low high } conversion { value low high } revenuePerList { value low high }
      vsControl {
        clickThrough { difference low high relativeUplift pValue verdict }
        conversion { difference low high relativeUplift pValue verdict }
        revenuePerList { difference low high relativeUplift pValue verdict }
      }
    }
  }
}`;
