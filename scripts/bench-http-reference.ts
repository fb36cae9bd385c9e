/**
 * The bare-HTTP reference of `npm run bench:http`: the same services and scoring as the GraphQL
 * service, behind plain `node:http` with hand-written JSON, so the benchmark can say what everything
 * around the scoring costs. One path per scenario; the body is the scenario's GraphQL variables.
 *   node dist/scripts/bench-http-reference.js <model.db> <port>
 */
import "reflect-metadata";
import http from "node:http";
import { createServices } from "../src/serving";
import { Store } from "../src/store";

const [dbPath, portText] = process.argv.slice(2);
const store = Store.open(dbPath, { checkpointIntervalMs: 250 });
const services = createServices(store);
const product = (p: { id: string; name: string; category: string | null; price: number | null; rating: number | null }) => ({
  id: p.id,
  name: p.name,
  category: p.category,
  price: p.price,
  rating: p.rating,
});
const SOURCE: Record<string, string> = { personalized: "PERSONALIZED", session: "SESSION", cluster: "CLUSTER", popular: "POPULAR" };

type Vars = Record<string, string | number | undefined>;
const scenarios: Record<string, (v: Vars) => unknown> = {
  "recommendations-light": (v) => ({
    recommendations: services.recommendations
      .recommend(String(v.id), Number(v.k ?? 10))
      .items.map((r) => ({ product: { id: r.product.id }, score: r.score })),
  }),
  "recommendations-heavy": (v) => ({
    recommendations: services.recommendations.recommend(String(v.id), Number(v.k ?? 10)).items.map((r) => ({
      product: product(r.product),
      score: r.score,
      source: SOURCE[r.source],
      because: services.recommendations.because(r, 3).map((p) => ({ id: p.id })),
    })),
  }),
  similarProducts: (v) => ({
    similarProducts: services.catalog
      .similarProducts(String(v.id), 10)
      .items.map((s) => ({ product: { id: s.product.id }, similarity: s.similarity })),
  }),
  segment: (v) => {
    const s = services.segments.segment(String(v.id));
    return {
      segment: { customerId: s.customerId, rfm: s.rfm && { label: s.rfm.label }, cluster: s.cluster && { label: s.cluster.label } },
    };
  },
  recordInteraction: (v) => ({
    recordInteraction: {
      id: String(services.interactions.recordInteraction({ customerId: String(v.id), productId: String(v.product), type: "view" }).id),
    },
  }),
};

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const run = scenarios[(req.url ?? "").slice(1)];
    let status = 200;
    let body: string;
    try {
      if (!run) throw new Error(`no scenario ${req.url}`);
      body = JSON.stringify({ data: run(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Vars) });
    } catch (error) {
      status = 400;
      body = JSON.stringify({ errors: [{ message: (error as Error).message }] });
    }
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(portText), "127.0.0.1", () => console.log(`reference ready on ${portText}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
