/**
 * ECharts, bundled (only the parts the dashboard uses), drawn as SVG. Every chart describes itself to
 * screen readers (aria), marks its series with patterns as well as colours, and records on its element
 * how many data points it drew (data-points), which the browser tests read.
 */
import { BarChart, HeatmapChart, LineChart } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

const drawn = new Map<HTMLElement, echarts.ECharts>();

export function drawChart(element: HTMLElement, option: ChartOption, points: number): void {
  const chart = drawn.get(element) ?? echarts.init(element, undefined, { renderer: "svg" });
  drawn.set(element, chart);
  chart.setOption({ animation: false, aria: { enabled: true, decal: { show: true } }, ...option }, true);
  element.dataset.points = String(points);
}

let resizing: number | undefined;
window.addEventListener("resize", () => {
  window.clearTimeout(resizing);
  resizing = window.setTimeout(() => drawn.forEach((chart) => chart.resize()), 100);
});
