/**
 * A/B experiments: pick one, see each arm's lists, click-through, conversion and revenue per list
 * with their 95% intervals, and each arm against the control with its verdict. The figures need the
 * admin scope: with keys configured the panel asks for an admin key first.
 */
import type * as Schema from "../generated/schema";
import { apiOf, type Api, type PagesConfig } from "../shared/api";
import { drawChart } from "../shared/charts";
import { byId, h, showStatus } from "../shared/dom";
import { formatDate, formatInteger, formatMoney, formatPercent } from "../shared/format";

type Experiment = Pick<Schema.Experiment, "id" | "name" | "running" | "startedAt" | "control"> & { placements: string[] | null };
type Estimate = Schema.Estimate;
type Comparison = Pick<Schema.Comparison, "relativeUplift" | "pValue" | "verdict">;
interface ArmResult {
  arm: Pick<Schema.ExperimentArm, "name" | "share" | "ranker" | "ruleSets">;
  control: boolean;
  lists: number;
  revenue: number;
  clickThrough: Estimate;
  conversion: Estimate;
  revenuePerList: Estimate;
  vsControl: { clickThrough: Comparison; conversion: Comparison; revenuePerList: Comparison } | null;
}

const EXPERIMENTS = `query Experiments { experiments { id name running startedAt control placements } }`;
const COMPARE = "relativeUplift pValue verdict";
const RESULTS = `query ExperimentResults($id: ID!) {
  experimentResults(id: $id) {
    threshold
    arms {
      arm { name share ranker ruleSets } control lists revenue
      clickThrough { value low high } conversion { value low high } revenuePerList { value low high }
      vsControl { clickThrough { ${COMPARE} } conversion { ${COMPARE} } revenuePerList { ${COMPARE} } }
    }
  }
}`;

const VERDICTS: Record<Schema.Verdict, string> = {
  BETTER: "better",
  WORSE: "worse",
  NO_DIFFERENCE: "no difference shown",
  TOO_SMALL: "too few lists to call",
};

const interval = (e: Estimate, format: (n: number) => string) =>
  e.low === null || e.low === undefined || e.high === null || e.high === undefined
    ? format(e.value)
    : `${format(e.value)} (${format(e.low)} – ${format(e.high)})`;

function versus(c: Comparison | undefined): string {
  if (!c) return "control";
  const uplift =
    c.relativeUplift === null || c.relativeUplift === undefined
      ? ""
      : `${c.relativeUplift >= 0 ? "+" : ""}${formatPercent(c.relativeUplift)}, `;
  return `${uplift}p = ${c.pValue < 0.0001 ? "< 0.0001" : c.pValue.toFixed(4)}: ${VERDICTS[c.verdict]}`;
}

export class ExperimentsView {
  private api: Api;

  constructor(private readonly config: PagesConfig) {
    this.api = apiOf(config);
  }

  async start(): Promise<void> {
    if (!this.config.workbook.needsKey) return this.load();
    const key = h("input", { type: "password", id: "experiments-key", autocomplete: "off", required: true });
    const form = h(
      "form",
      { className: "inline-form" },
      h("label", { for: "experiments-key" }, "Key with the admin scope"),
      key,
      h("button", { type: "submit" }, "Show the experiments"),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.api = apiOf({ ...this.config, readKey: key.value });
      void this.load();
    });
    byId("experiments-key-area").replaceChildren(form);
    showStatus(byId("experiments-status"), "info", "Experiments need the admin scope.");
  }

  private async load(): Promise<void> {
    const status = byId("experiments-status");
    showStatus(status, "loading", "fetching experiments …");
    try {
      const { experiments } = await this.api.request<{ experiments: Experiment[] }>(EXPERIMENTS);
      if (experiments.length === 0) {
        showStatus(status, "info", "No experiment has been started (startExperiment over the API).");
        return;
      }
      const select = h(
        "select",
        { id: "experiment-pick" },
        ...experiments.map((e) =>
          h("option", { value: e.id }, `${e.name} (${e.running ? "running" : "stopped"}, since ${formatDate(e.startedAt)})`),
        ),
      );
      select.addEventListener("change", () => void this.show(experiments.find((e) => e.id === select.value)!));
      byId("experiments-key-area").replaceChildren(h("label", { for: "experiment-pick" }, "Experiment "), select);
      await this.show(experiments[0]);
    } catch (error) {
      showStatus(status, "error", (error as Error).message);
    }
  }

  private async show(experiment: Experiment): Promise<void> {
    const status = byId("experiments-status");
    try {
      const { experimentResults } = await this.api.request<{ experimentResults: { threshold: number; arms: ArmResult[] } }>(RESULTS, {
        id: experiment.id,
      });
      const { arms, threshold } = experimentResults;
      const lists = arms.reduce((s, a) => s + a.lists, 0);
      showStatus(
        status,
        "info",
        `${experiment.name}: ${formatInteger(lists)} lists on ${experiment.placements?.join(", ") ?? "every placement"}; an arm is called at p < ${threshold.toFixed(4)}.`,
      );
      byId("experiment-rows").replaceChildren(
        ...arms.map((a) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, a.control ? `${a.arm.name} (control)` : a.arm.name),
            h("td", { className: "num" }, formatPercent(a.arm.share)),
            h("td", {}, [a.arm.ranker.toLowerCase(), ...a.arm.ruleSets].join(", ")),
            h("td", { className: "num" }, formatInteger(a.lists)),
            h("td", { className: "num" }, interval(a.clickThrough, formatPercent)),
            h("td", {}, versus(a.vsControl?.clickThrough)),
            h("td", { className: "num" }, interval(a.conversion, formatPercent)),
            h("td", {}, versus(a.vsControl?.conversion)),
            h(
              "td",
              { className: "num" },
              interval(a.revenuePerList, (n) => formatMoney(n)),
            ),
            h("td", {}, versus(a.vsControl?.revenuePerList)),
          ),
        ),
      );
      byId("experiment-figure").hidden = false;
      drawChart(
        byId("chart-experiment"),
        {
          tooltip: { trigger: "axis", valueFormatter: (v: number) => formatPercent(v) },
          legend: { top: 0 },
          grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
          xAxis: { type: "category", data: arms.map((a) => a.arm.name) },
          yAxis: { type: "value", axisLabel: { formatter: (v: number) => formatPercent(v) } },
          series: [
            { name: "Click-through", type: "bar", data: arms.map((a) => a.clickThrough.value) },
            { name: "Conversion", type: "bar", data: arms.map((a) => a.conversion.value) },
          ],
        },
        arms.length * 2,
      );
    } catch (error) {
      showStatus(status, "error", (error as Error).message);
    }
  }
}
