/** Association rules: a table filtered by the API (least support, confidence, lift) and sorted here, and the strongest rules as a chart. */
import type * as Schema from "../generated/schema";
import type { Api } from "../shared/api";
import { drawChart } from "../shared/charts";
import { byId, h, showStatus } from "../shared/dom";
import { formatInteger, formatPercent, formatRatio } from "../shared/format";

type Named = Pick<Schema.Product, "id" | "name">;
type Rule = Pick<Schema.AssociationRule, "support" | "confidence" | "lift" | "baskets"> & { antecedent: Named; consequent: Named };

const RULES = `query Rules($minSupport: Float, $minConfidence: Float, $minLift: Float) {
  associationRules(k: 100, minSupport: $minSupport, minConfidence: $minConfidence, minLift: $minLift) {
    antecedent { id name } consequent { id name } support confidence lift baskets
  }
}`;

type SortKey = "antecedent" | "consequent" | "support" | "confidence" | "lift" | "baskets";
const COLUMNS: { key: SortKey; title: string; numeric: boolean }[] = [
  { key: "antecedent", title: "Bought", numeric: false },
  { key: "consequent", title: "Also bought", numeric: false },
  { key: "support", title: "Support", numeric: true },
  { key: "confidence", title: "Confidence", numeric: true },
  { key: "lift", title: "Lift", numeric: true },
  { key: "baskets", title: "Baskets", numeric: true },
];
const CHARTED = 10;

export class RulesView {
  private rules: Rule[] = [];
  private sort: { key: SortKey; descending: boolean } = { key: "lift", descending: true };

  constructor(private readonly api: Api) {}

  async start(): Promise<void> {
    const form = byId<HTMLFormElement>("rule-filters");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.load();
    });
    this.renderHead();
    await this.load();
  }

  private filters(): Record<string, number | null> {
    const read = (id: string, scale: number) => {
      const value = byId<HTMLInputElement>(id).value.trim();
      return value === "" ? null : Number(value) / scale;
    };
    return { minSupport: read("min-support", 100), minConfidence: read("min-confidence", 100), minLift: read("min-lift", 1) };
  }

  private async load(): Promise<void> {
    const status = byId("rules-status");
    showStatus(status, "loading", "fetching rules …");
    try {
      const { associationRules } = await this.api.request<{ associationRules: Rule[] }>(RULES, this.filters());
      this.rules = associationRules;
      showStatus(
        status,
        "info",
        `${formatInteger(associationRules.length)} rules${associationRules.length === 100 ? " (the 100 with the highest lift)" : ""}.`,
      );
    } catch (error) {
      this.rules = [];
      showStatus(status, "error", (error as Error).message);
    }
    this.renderBody();
    this.renderChart();
  }

  private renderHead(): void {
    byId("rules-head").replaceChildren(
      h(
        "tr",
        {},
        ...COLUMNS.map((c) => {
          const sorted = this.sort.key === c.key;
          return h(
            "th",
            {
              scope: "col",
              className: c.numeric ? "num" : "",
              "aria-sort": sorted ? (this.sort.descending ? "descending" : "ascending") : "none",
            },
            h(
              "button",
              { type: "button", className: "sort", onclick: () => this.sortBy(c.key) },
              c.title,
              sorted ? (this.sort.descending ? " ▼" : " ▲") : "",
            ),
          );
        }),
      ),
    );
  }

  private sortBy(key: SortKey): void {
    this.sort = { key, descending: this.sort.key === key ? !this.sort.descending : key !== "antecedent" && key !== "consequent" };
    this.renderHead();
    this.renderBody();
    (document.querySelector(`#rules-head th[aria-sort]:not([aria-sort="none"]) button`) as HTMLButtonElement | null)?.focus();
  }

  private sorted(): Rule[] {
    const { key, descending } = this.sort;
    const value = (r: Rule) => (key === "antecedent" || key === "consequent" ? r[key].name : r[key]);
    return [...this.rules].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return descending ? -order : order;
    });
  }

  private renderBody(): void {
    const rows = this.sorted().map((r) =>
      h(
        "tr",
        {},
        h("td", {}, r.antecedent.name),
        h("td", {}, r.consequent.name),
        h("td", { className: "num" }, formatPercent(r.support)),
        h("td", { className: "num" }, formatPercent(r.confidence)),
        h("td", { className: "num" }, formatRatio(r.lift)),
        h("td", { className: "num" }, formatInteger(r.baskets)),
      ),
    );
    if (rows.length === 0) rows.push(h("tr", {}, h("td", { colspan: 6, className: "muted" }, "No rule passes these filters.")));
    byId("rules-rows").replaceChildren(...rows);
  }

  private renderChart(): void {
    const top = [...this.rules]
      .sort((a, b) => b.lift - a.lift)
      .slice(0, CHARTED)
      .reverse();
    drawChart(
      byId("chart-rules"),
      {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v: number) => formatRatio(v) },
        grid: { left: 8, right: 24, bottom: 8, top: 8, containLabel: true },
        xAxis: { type: "value", name: "lift", axisLabel: { formatter: (v: number) => `${formatInteger(v)}×` } },
        yAxis: {
          type: "category",
          data: top.map((r) => `${r.antecedent.name} → ${r.consequent.name}`),
          axisLabel: { width: 220, overflow: "truncate" },
        },
        series: [
          {
            name: "Lift",
            type: "bar",
            data: top.map((r) => r.lift),
            label: { show: true, position: "right", formatter: (p: { value: number }) => formatRatio(p.value) },
          },
        ],
      },
      top.length,
    );
  }
}
