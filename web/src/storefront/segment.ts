/** A customer's RFM segment, recommended action and behaviour cluster, in words and numbers. */
import { h } from "../shared/dom";
import { formatDaysAgo, formatInteger, formatMoney } from "../shared/format";
import type { CustomerSegment } from "./queries";

export function segmentView(segment: CustomerSegment): Node[] {
  const nodes: Node[] = [];
  const { rfm, cluster } = segment;
  if (rfm) {
    nodes.push(
      h("p", { className: "segment-label" }, h("span", { className: "muted" }, "RFM segment: "), h("strong", {}, rfm.label)),
      h("p", {}, h("span", { className: "muted" }, "Recommended action: "), rfm.action),
      h(
        "dl",
        { className: "figures" },
        h("dt", {}, "Last purchase"),
        h("dd", {}, `${formatDaysAgo(rfm.recencyDays)} (R ${rfm.r} of 5)`),
        h("dt", {}, "Orders"),
        h("dd", {}, `${formatInteger(rfm.frequency)} (F ${rfm.f} of 5)`),
        h("dt", {}, "Spend"),
        h("dd", {}, `${formatMoney(rfm.monetary)} (M ${rfm.m} of 5)`),
      ),
    );
  } else nodes.push(h("p", {}, "No dated purchases yet, so no RFM segment."));
  nodes.push(h("p", {}, h("span", { className: "muted" }, "Behaviour cluster: "), cluster ? h("strong", {}, cluster.label) : "none yet"));
  return nodes;
}
