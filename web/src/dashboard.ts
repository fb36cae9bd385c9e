/**
 * The analyst dashboard: RFM segments (shares and the R × FM map), behaviour clusters side by side,
 * association rules (a sortable, filterable table and the strongest as a chart), the model's figures
 * and training loss, A/B experiments' results, and the analyst workbook to download.
 */
import type * as Schema from "./generated/schema";
import { type Api, apiOf, loadConfig, type PagesConfig } from "./shared/api";
import { drawChart } from "./shared/charts";
import { byId, h, showStatus } from "./shared/dom";
import { formatDate, formatDateTime, formatDaysAgo, formatDecimal, formatInteger, formatMoney, formatPercent } from "./shared/format";
import { renderModel, type ModelInfo } from "./dashboard/model";
import { ExperimentsView } from "./dashboard/experiments";
import { RulesView } from "./dashboard/rules";

type CategoryShare = Schema.CategoryShare;
type SegmentSummary = Schema.RfmSegmentSummary;
type ClusterSummary = Omit<Schema.Cluster, "topProducts">;
type GridCell = Schema.RfmGridCell;

const DASHBOARD = `query Dashboard {
  segments {
    rfm { label action customers revenue revenueShare averageOrderValue averageRecencyDays topCategories { category share } }
    grid { r fm label customers }
    clusters { id label size revenue revenueShare averageOrderValue averageRecencyDays averageFrequency topCategories { category share } }
  }
  modelInfo {
    version trainedAt dataRange { first last } counts { customers products interactions baskets pairs rules }
    settings { factors iterations regularization alpha scaling solver recencyHalfLifeDays }
    ranker { name comparison { name ndcg } }
    training { lossHistory finalLoss seconds }
    tuning { trials tunedAt validation { k ndcg precision recall coverage hitRate users } }
  }
}`;

const categories = (list: CategoryShare[]) => list.map((c) => `${c.category} ${formatPercent(c.share)}`).join(", ") || "none";

/** Side-by-side bars of each group's share of customers and of revenue. */
function drawShares(id: string, groups: { label: string; customers: number; revenue: number }[], rotate: number): void {
  drawChart(
    byId(id),
    {
      tooltip: { trigger: "axis", valueFormatter: (v: number) => formatPercent(v) },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: "category", data: groups.map((g) => g.label), axisLabel: { interval: 0, rotate } },
      yAxis: { type: "value", axisLabel: { formatter: (v: number) => formatPercent(v) } },
      series: [
        { name: "Customers", type: "bar", data: groups.map((g) => g.customers) },
        { name: "Revenue", type: "bar", data: groups.map((g) => g.revenue) },
      ],
    },
    groups.length * 2,
  );
}

function renderSegments(rfm: SegmentSummary[], grid: GridCell[]): void {
  const total = rfm.reduce((sum, s) => sum + s.customers, 0) || 1;
  drawShares(
    "chart-rfm",
    rfm.map((s) => ({ label: s.label, customers: s.customers / total, revenue: s.revenueShare })),
    30,
  );
  const cells = grid.map((c) => [c.fm - 1, c.r - 1, c.customers, c.label]);
  drawChart(
    byId("chart-grid"),
    {
      tooltip: {
        formatter: (p: { data: [number, number, number, string] }) =>
          `R ${p.data[1] + 1}, FM ${p.data[0] + 1}: ${p.data[3]}, ${formatInteger(p.data[2])} customers`,
      },
      grid: { left: 8, right: 8, bottom: 56, top: 8, containLabel: true },
      xAxis: { type: "category", name: "FM", nameLocation: "middle", nameGap: 24, data: ["1", "2", "3", "4", "5"] },
      yAxis: { type: "category", name: "R", data: ["1", "2", "3", "4", "5"] },
      visualMap: {
        min: 0,
        max: Math.max(1, ...grid.map((c) => c.customers)),
        dimension: 2,
        orient: "horizontal",
        left: "center",
        bottom: 0,
        calculable: false,
        text: ["more customers", "fewer"],
        inRange: { color: ["#f4f6fa", "#1f5fbf"] },
      },
      series: [
        {
          name: "Customers per cell",
          type: "heatmap",
          data: cells,
          label: {
            show: true,
            overflow: "truncate",
            width: 56,
            formatter: (p: { data: [number, number, number, string] }) => `{n|${formatInteger(p.data[2])}}\n{s|${p.data[3]}}`,
            rich: { n: { fontSize: 13, fontWeight: "bold", lineHeight: 16 }, s: { fontSize: 9, lineHeight: 11 } },
          },
          // The cells' shade is also written in them, so they need no pattern.
          itemStyle: { borderColor: "#fff", borderWidth: 1, decal: { symbol: "none" } },
        },
      ],
    },
    cells.length,
  );
  byId("segment-rows").replaceChildren(
    ...rfm.map((s) =>
      h(
        "tr",
        {},
        h("th", { scope: "row" }, s.label),
        h("td", { className: "num" }, formatInteger(s.customers)),
        h("td", { className: "num" }, formatPercent(s.customers / total)),
        h("td", { className: "num" }, formatPercent(s.revenueShare)),
        h("td", { className: "num" }, formatMoney(s.averageOrderValue)),
        h("td", { className: "num" }, formatDaysAgo(s.averageRecencyDays)),
        h("td", {}, s.action),
      ),
    ),
  );
}

function renderClusters(clusters: ClusterSummary[]): void {
  const total = clusters.reduce((sum, c) => sum + c.size, 0) || 1;
  drawShares(
    "chart-clusters",
    clusters.map((c) => ({ label: c.label, customers: c.size / total, revenue: c.revenueShare })),
    20,
  );
  byId("cluster-cards").replaceChildren(
    ...clusters.map((c) =>
      h(
        "li",
        {},
        h("h3", {}, c.label),
        h(
          "dl",
          { className: "figures" },
          h("dt", {}, "Customers"),
          h("dd", {}, `${formatInteger(c.size)} (${formatPercent(c.size / total)})`),
          h("dt", {}, "Revenue"),
          h("dd", {}, `${formatMoney(c.revenue)} (${formatPercent(c.revenueShare)})`),
          h("dt", {}, "Order value"),
          h("dd", {}, formatMoney(c.averageOrderValue)),
          h("dt", {}, "Orders each"),
          h("dd", {}, formatDecimal(c.averageFrequency)),
          h("dt", {}, "Last purchase"),
          h("dd", {}, formatDaysAgo(c.averageRecencyDays)),
        ),
        h("p", {}, h("span", { className: "muted" }, "Top categories: "), categories(c.topCategories)),
      ),
    ),
  );
}

function renderWorkbook(config: PagesConfig): void {
  const area = byId("workbook-area");
  if (!config.workbook.needsKey) {
    area.replaceChildren(
      h("a", { href: config.workbook.url, download: "", className: "button-link", id: "workbook-link" }, "Download the workbook (.xlsx)"),
    );
    return;
  }
  const key = h("input", { type: "password", id: "admin-key", autocomplete: "off", required: true });
  const note = h("p", { role: "status", "aria-live": "polite" });
  const form = h(
    "form",
    { className: "inline-form" },
    h("label", { for: "admin-key" }, "Admin key"),
    key,
    h("button", { type: "submit" }, "Download the workbook (.xlsx)"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    note.textContent = "Preparing the workbook …";
    void fetch(config.workbook.url, { headers: { authorization: `Bearer ${key.value}` } })
      .then(async (response) => {
        if (!response.ok) {
          const body = (await response.json().catch(() => ({}))) as { errors?: { message?: string }[] };
          throw new Error(body.errors?.[0]?.message ?? `HTTP ${response.status}`);
        }
        const url = URL.createObjectURL(await response.blob());
        const name = /filename="?([^";]+)/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "shop-report.xlsx";
        h("a", { href: url, download: name }).click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        note.textContent = `Downloaded ${name}.`;
      })
      .catch((error: Error) => (note.textContent = `Error: ${error.message}`));
  });
  area.replaceChildren(form, note);
}

async function main(): Promise<void> {
  const status = byId("status");
  showStatus(status, "loading", "reading the segments and the model …");
  try {
    const config = await loadConfig();
    const api: Api = apiOf(config);
    renderWorkbook(config);
    const rules = new RulesView(api);
    const [, data] = await Promise.all([
      new ExperimentsView(config).start(),
      api.request<{ segments: { rfm: SegmentSummary[]; grid: GridCell[]; clusters: ClusterSummary[] }; modelInfo: ModelInfo }>(DASHBOARD),
      rules.start(),
    ]);
    renderSegments(data.segments.rfm, data.segments.grid);
    renderClusters(data.segments.clusters);
    renderModel(data.modelInfo);
    const m = data.modelInfo;
    showStatus(
      status,
      "info",
      `Model version ${m.version}, trained ${formatDateTime(m.trainedAt)}${m.dataRange ? ` on data from ${formatDate(m.dataRange.first)} to ${formatDate(m.dataRange.last)}` : ""}.`,
    );
  } catch (error) {
    showStatus(status, "error", (error as Error).message);
  }
  document.body.dataset.ready = "true";
}

void main();
