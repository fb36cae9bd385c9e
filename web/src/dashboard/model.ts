/** The model being served: what it is, what it was trained on, how well it ranks, and its training loss per sweep. */
import { drawChart } from "../shared/charts";
import { byId, h } from "../shared/dom";
import { formatDate, formatDateTime, formatDecimal, formatInteger, formatPercent } from "../shared/format";

interface Metrics {
  k: number;
  ndcg: number;
  precision: number;
  recall: number;
  coverage: number;
  hitRate: number;
  users: number;
}

export interface ModelInfo {
  version: number;
  trainedAt: string;
  dataRange: { first: string; last: string } | null;
  counts: { customers: number; products: number; interactions: number; baskets: number; pairs: number; rules: number };
  settings: {
    factors: number;
    iterations: number;
    regularization: number;
    alpha: number;
    scaling: string;
    solver: string;
    recencyHalfLifeDays: number;
  };
  ranker: { name: string; comparison: { name: string; ndcg: number }[] };
  training: { lossHistory: number[]; finalLoss: number; seconds: number };
  tuning: { trials: number; tunedAt: string; validation: Metrics[] } | null;
}

const pairs = (entries: [string, string][]) => entries.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]);

export function renderModel(m: ModelInfo): void {
  byId("model-facts").replaceChildren(
    ...pairs([
      ["Version", String(m.version)],
      ["Trained", formatDateTime(m.trainedAt)],
      ["Data", m.dataRange ? `${formatDate(m.dataRange.first)} to ${formatDate(m.dataRange.last)}` : "no dated interactions"],
      ["Customers", formatInteger(m.counts.customers)],
      ["Products", formatInteger(m.counts.products)],
      ["Interactions", formatInteger(m.counts.interactions)],
      ["Baskets", formatInteger(m.counts.baskets)],
      ["Association rules", formatInteger(m.counts.rules)],
      ["Ranker", m.ranker.name],
      ["Factors", String(m.settings.factors)],
      ["Sweeps", String(m.settings.iterations)],
      ["Regularization λ", formatDecimal(m.settings.regularization)],
      ["Confidence α", formatDecimal(m.settings.alpha)],
      ["Scaling, solver", `${m.settings.scaling}, ${m.settings.solver}`],
      ["Recency half-life", m.settings.recencyHalfLifeDays > 0 ? `${formatInteger(m.settings.recencyHalfLifeDays)} days` : "none"],
      ["Training time", `${formatDecimal(m.training.seconds)} s`],
    ]),
  );

  const evaluation = byId("evaluation");
  if (!m.tuning || m.tuning.validation.length === 0) {
    evaluation.replaceChildren(
      h(
        "p",
        {},
        "This model's settings were not tuned, so it has no validation figures. ",
        h("code", {}, "npm run train"),
        " tunes by default and records NDCG, precision, recall and coverage, and compares the ranker with popularity.",
      ),
    );
  } else {
    const comparison = m.ranker.comparison;
    evaluation.replaceChildren(
      h(
        "p",
        {},
        `Measured on a validation split, ${formatDateTime(m.tuning.tunedAt)}, after ${formatInteger(m.tuning.trials)} settings tried.`,
      ),
      h(
        "div",
        { className: "table-wrap" },
        h(
          "table",
          {},
          h("caption", { className: "sr-only" }, "Validation figures of the served settings"),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ...["At k", "NDCG", "Precision", "Recall", "Hit rate", "Coverage", "Customers"].map((t) => h("th", { scope: "col" }, t)),
            ),
          ),
          h(
            "tbody",
            {},
            ...m.tuning.validation.map((v) =>
              h(
                "tr",
                {},
                h("th", { scope: "row" }, String(v.k)),
                h("td", { className: "num" }, formatDecimal(v.ndcg)),
                h("td", { className: "num" }, formatPercent(v.precision)),
                h("td", { className: "num" }, formatPercent(v.recall)),
                h("td", { className: "num" }, formatPercent(v.hitRate)),
                h("td", { className: "num" }, formatPercent(v.coverage)),
                h("td", { className: "num" }, formatInteger(v.users)),
              ),
            ),
          ),
        ),
      ),
      ...(comparison.length > 0
        ? [
            h(
              "p",
              {},
              "NDCG@10 of every ranker compared (popularity is the baseline): ",
              comparison.map((c) => `${c.name} ${formatDecimal(c.ndcg)}`).join("; "),
              ".",
            ),
          ]
        : []),
    );
  }

  const loss = m.training.lossHistory;
  drawChart(
    byId("chart-loss"),
    {
      tooltip: { trigger: "axis", valueFormatter: (v: number) => v.toPrecision(4) },
      grid: { left: 8, right: 16, bottom: 28, top: 16, containLabel: true },
      xAxis: { type: "category", name: "sweep", nameLocation: "middle", nameGap: 24, data: loss.map((_, i) => String(i + 1)) },
      yAxis: { type: "value", name: "loss", scale: true },
      series: [{ name: "Training loss", type: "line", data: loss, symbol: "circle", symbolSize: 6 }],
    },
    loss.length,
  );
}
