/**
 * Market-basket mining speed: baskets, rules and seconds on the sample and Online Retail.
 *   npm run bench:baskets
 */
import { DEFAULT_RULE_THRESHOLDS } from "../src/model/basket";
import { openDatasetInMemory } from "../src/training/pipeline.service";
import { mineStoreRules } from "../src/training/training.service";
import { benchDatasets } from "./bench-common";

async function main() {
  const t = DEFAULT_RULE_THRESHOLDS;
  console.log(
    `Association rules, thresholds: support ≥ ${t.minSupport}, count ≥ ${t.minCount}, confidence ≥ ${t.minConfidence}, lift ≥ ${t.minLift}`,
  );
  console.log("dataset          baskets      rules  seconds (3 runs)");
  for (const set of benchDatasets()) {
    const { store } = await openDatasetInMemory(set.format, set.input);
    const runs = [0, 1, 2].map(() => mineStoreRules(store, t));
    const seconds = runs.map((r) => r.seconds.toFixed(2)).join("  ");
    console.log(`${set.name.padEnd(14)} ${String(runs[0].baskets).padStart(9)} ${String(runs[0].rules.length).padStart(10)}  ${seconds}`);
    store.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
