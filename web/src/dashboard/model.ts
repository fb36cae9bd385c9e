/** The model being served: what it is, what it was trained on, how well it ranks, and its training loss per sweep. */
import type * as Schema from "../generated/schema";
import { drawChart } from "../shared/charts";
import { byId, h } from "../shared/dom";
import { formatDate, formatDateTime, formatDecimal, formatInteger, formatPercent } from "../shared/format";

type Metrics = Pick<Schema.RankingMetrics, "k" | "ndcg" | "precision" | "recall" | "coverage" | "hitRate" | "users">;

/** What the dashboard asks of modelInfo. */
export interface ModelInfo extends Pick<Schema.ModelInfo, "version" | "trainedAt" | "dataRange" | "counts"> {
  settings: Pick<
    Schema.ModelSettingsInfo,
    "factors" | "iterations" | "regularization" | "alpha" | "scaling" | "solver" | "recencyHalfLifeDays"
  >;
  ranker: Pick<Schema.RankerInfo, "name" | "comparison">;
  training: Pick<Schema.TrainingFigures, "lossHistory" | "finalLoss" | "seconds">;
  tuning: (Pick<Schema.TuningInfo, "trials" | "tunedAt"> & { validation: Metrics[] }) | null;
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
