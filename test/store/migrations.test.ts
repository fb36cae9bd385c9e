import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { Store } from "../../src/store";
import { openDatabase } from "../../src/store/database";
import { encodeVector } from "../../src/store/vectors";
import { startOpener } from "../helpers/handshake-migration";
import { tempDir } from "../helpers/paths";

/** The schema of version 1 as it was released (migration 1 of src/store/database.ts), frozen here. */
const SCHEMA_V1 = `
  CREATE TABLE customers (
    id          TEXT PRIMARY KEY,
    page_views  REAL,
    time_spent  REAL,
    country     TEXT,
    created_at  INTEGER NOT NULL
  );
  CREATE TABLE products (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    category  TEXT,
    price     REAL,
    rating    REAL
  );
  CREATE TABLE interactions (
    id           INTEGER PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES customers(id),
    product_id   TEXT NOT NULL REFERENCES products(id),
    type         TEXT NOT NULL CHECK (type IN ('view', 'cart', 'purchase')),
    quantity     REAL NOT NULL,
    unit_price   REAL,
    occurred_at  INTEGER,
    basket_id    TEXT,
    weight       REAL,
    origin       TEXT NOT NULL CHECK (origin IN ('import', 'live'))
  );
  CREATE INDEX interactions_by_customer ON interactions(customer_id);
  CREATE INDEX interactions_by_product ON interactions(product_id);

  CREATE TABLE models (
    id                   INTEGER PRIMARY KEY,
    created_at           INTEGER NOT NULL,
    factors              INTEGER NOT NULL,
    params               TEXT NOT NULL,
    stats                TEXT NOT NULL,
    source               TEXT NOT NULL,
    last_interaction_id  INTEGER NOT NULL,
    reference_date       INTEGER
  );
  CREATE TABLE model_customers (
    model_id     INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    customer_id  TEXT NOT NULL,
    vector       BLOB NOT NULL,
    PRIMARY KEY (model_id, idx),
    UNIQUE (model_id, customer_id)
  );
  CREATE TABLE model_products (
    model_id    INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    product_id  TEXT NOT NULL,
    vector      BLOB NOT NULL,
    buyers      INTEGER NOT NULL,
    PRIMARY KEY (model_id, idx),
    UNIQUE (model_id, product_id)
  );
  CREATE TABLE customer_rfm (
    model_id      INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    customer_id   TEXT NOT NULL,
    recency_days  INTEGER NOT NULL,
    frequency     INTEGER NOT NULL,
    monetary      REAL NOT NULL,
    r             INTEGER NOT NULL,
    f             INTEGER NOT NULL,
    m             INTEGER NOT NULL,
    label         TEXT NOT NULL,
    PRIMARY KEY (model_id, customer_id)
  );
`;

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 10);
const RFM_ROW = { model_id: 1, customer_id: "c1", recency_days: 3, frequency: 2, monetary: 30, r: 5, f: 4, m: 3, label: "Loyal Customers" };

/** A model file as version 1 wrote it: schema 1, user_version 1, two customers, three products, four interactions and a model. */
function versionOneFile(): string {
  const file = path.join(tempDir(), "old.db");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec(SCHEMA_V1);
  db.pragma("user_version = 1"); // as database.ts marks a file once migration 1 has run
  const customer = db.prepare("INSERT INTO customers (id, page_views, time_spent, country, created_at) VALUES (?, ?, ?, ?, ?)");
  customer.run("c1", 12, 340, "UK", T0);
  customer.run("c2", null, null, null, T0);
  const product = db.prepare("INSERT INTO products (id, name, category, price, rating) VALUES (?, ?, ?, ?, ?)");
  product.run("p1", "Teapot", "Kitchen", 20, 4.5);
  product.run("p2", "Mug", "Kitchen", 5, null);
  product.run("p3", "Novel", "Books", 12.5, 3);
  const interaction = db.prepare(
    `INSERT INTO interactions (customer_id, product_id, type, quantity, unit_price, occurred_at, basket_id, weight, origin)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  interaction.run("c1", "p1", "purchase", 1, 20, T0, "A1", null, "import");
  interaction.run("c1", "p2", "purchase", 2, 5, T0, "A1", null, "import");
  interaction.run("c2", "p3", "view", 1, null, T0 + DAY, null, null, "import");
  interaction.run("c2", "p3", "purchase", 1, 12.5, T0 + 2 * DAY, "A2", null, "live");
  db.prepare(
    `INSERT INTO models (id, created_at, factors, params, stats, source, last_interaction_id, reference_date)
     VALUES (1, ?, 2, ?, ?, ?, 4, ?)`,
  ).run(
    T0 + 3 * DAY,
    JSON.stringify({ factors: 2, iterations: 3 }),
    JSON.stringify({ finalLoss: 0.25 }),
    JSON.stringify({ format: "trio" }),
    T0 + 3 * DAY,
  );
  const vector = db.prepare("INSERT INTO model_customers (model_id, idx, customer_id, vector) VALUES (1, ?, ?, ?)");
  vector.run(0, "c1", encodeVector([0.5, -1]));
  vector.run(1, "c2", encodeVector([2, 0.25]));
  const productVector = db.prepare("INSERT INTO model_products (model_id, idx, product_id, vector, buyers) VALUES (1, ?, ?, ?, ?)");
  productVector.run(0, "p1", encodeVector([1, 0]), 1);
  productVector.run(1, "p2", encodeVector([0, 1]), 1);
  productVector.run(2, "p3", encodeVector([-0.5, 0.75]), 1);
  db.prepare(
    `INSERT INTO customer_rfm (model_id, customer_id, recency_days, frequency, monetary, r, f, m, label)
     VALUES (@model_id, @customer_id, @recency_days, @frequency, @monetary, @r, @f, @m, @label)`,
  ).run(RFM_ROW);
  db.close();
  return file;
}

/** The schema objects of a file, for comparing two files' schemas. */
function schemaOf(db: Database.Database): unknown[] {
  return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").all();
}

function columnsOf(db: Database.Database, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
}

/** Every row of every table, for checking that opening a file changed nothing. */
function contentsOf(db: Database.Database): Record<string, unknown[]> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
}

/** The newest schema version: what a new file is created at. */
function newestVersion(): number {
  const db = openDatabase(path.join(tempDir(), "new.db"));
  try {
    return db.pragma("user_version", { simple: true }) as number;
  } finally {
    db.close();
  }
}

describe("schema migrations", () => {
  it("bring a version 1 file to the newest version, with the schema of a new file", () => {
    const file = versionOneFile();
    const newest = newestVersion();
    expect(newest).toBeGreaterThanOrEqual(8); // eight migrations when this test was written
    const db = openDatabase(file);
    const fresh = openDatabase(path.join(tempDir(), "fresh.db"));
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(newest);
      expect(schemaOf(db)).toEqual(schemaOf(fresh));
      // What the later migrations add, by name.
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
      expect(tables).toEqual(
        expect.arrayContaining([
          "tuned_settings",
          "anonymous_lines",
          "model_rules",
          "model_clusters",
          "customer_clusters",
          "model_customer_rows",
        ]),
      );
      const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]).map((t) => t.name);
      expect(indexes).toEqual(
        expect.arrayContaining([
          "purchases_by_customer_time",
          "model_rules_by_lift",
          "interactions_by_idempotency_key",
          "purchases_by_customer_product",
        ]),
      );
      expect(columnsOf(db, "interactions")).toContain("idempotency_key");
      expect(columnsOf(db, "model_clusters")).toContain("browsing");
      expect(columnsOf(db, "models")).toContain("has_customer_rows");
    } finally {
      db.close();
      fresh.close();
    }
  });

  it("keep the rows a version 1 file held", () => {
    const store = Store.open(versionOneFile());
    try {
      expect({ customers: store.customers.count(), products: store.catalog.count() }).toEqual({ customers: 2, products: 3 });
      expect(store.customers.exists("c2")).toBe(true);
      expect(store.customers.activityOf("c1")).toEqual({ pageViews: 12, timeSpent: 340 });
      expect(store.catalog.product("p2")).toEqual({
        id: "p2",
        name: "Mug",
        category: "Kitchen",
        price: 5,
        rating: null,
        // The columns migration 10 added: a product imported before them is available, not archived.
        currency: null,
        imageUrl: null,
        url: null,
        available: true,
        archived: false,
        attributes: null,
      });
      expect(store.interactions.count()).toBe(4);
      expect(store.interactions.maxId()).toBe(4);
      expect(store.interactions.purchasedProducts("c1").sort()).toEqual(["p1", "p2"]);
      expect(store.db.prepare("SELECT idempotency_key FROM interactions").all()).toEqual(Array(4).fill({ idempotency_key: null }));

      const model = store.models.load()!;
      expect(model).toMatchObject({
        id: 1,
        factors: 2,
        params: { factors: 2, iterations: 3 },
        source: { format: "trio" },
        lastInteractionId: 4,
        referenceDate: T0 + 3 * DAY,
        hasCustomerRows: false, // the column migration 8 added, defaulted for a model written before it
      });
      expect(model.stats).toMatchObject({ finalLoss: 0.25, rfmThresholds: null, clustering: null });
      expect(model.customers.ids).toEqual(["c1", "c2"]);
      expect(Array.from(model.customerFactors)).toEqual([0.5, -1, 2, 0.25]);
      expect(model.products.ids).toEqual(["p1", "p2", "p3"]);
      expect(Array.from(model.productFactors)).toEqual([1, 0, 0, 1, -0.5, 0.75]);
      expect(Array.from(model.buyers)).toEqual([1, 1, 1]);
      expect(store.db.prepare("SELECT * FROM customer_rfm").all()).toEqual([RFM_ROW]);
    } finally {
      store.close();
    }
  });

  it("give new interactions ids above every stored model version's data cut", () => {
    const file = versionOneFile();
    // An import before migration 13 could delete the rows with the highest ids, below a version's cut.
    const old = new Database(file);
    old.prepare("DELETE FROM interactions WHERE id = 4").run();
    old.close();
    const store = Store.open(file);
    try {
      expect(store.interactions.maxId()).toBe(3);
      expect(store.models.load()!.lastInteractionId).toBe(4);
      const record = {
        customerId: "c1",
        productId: "p3",
        type: "view" as const,
        quantity: 1,
        unitPrice: null,
        occurredAt: T0,
        basketId: null,
        weight: null,
      };
      expect(store.interactions.insert(record, "live")).toBe(5);
    } finally {
      store.close();
    }
  });

  it("leave the tables and columns they add working", () => {
    const store = Store.open(versionOneFile());
    try {
      // 6: idempotency keys, unique among keyed interactions.
      const record = {
        customerId: "c2",
        productId: "p1",
        type: "purchase" as const,
        quantity: 1,
        unitPrice: 20,
        occurredAt: T0 + 4 * DAY,
        basketId: "A3",
        weight: null,
      };
      const id = store.interactions.insert(record, "live", "order-A3-line-1");
      expect(id).toBe(5);
      expect(store.interactions.byIdempotencyKey("order-A3-line-1")).toEqual({ id: 5, ...record });
      expect(() => store.interactions.insert(record, "live", "order-A3-line-1")).toThrow(/UNIQUE/);
      store.interactions.insert({ ...record, basketId: "A4" }, "live"); // unkeyed interactions need no key
      expect(store.interactions.count()).toBe(6);

      // 4: anonymous order lines count as baskets.
      store.imports.insertAnonymousLines([{ basketId: "X1", productId: "p2", quantity: 1, unitPrice: 5, occurredAt: T0 }], "import");
      const baskets = new Map<string, string[]>();
      store.interactions.forEachBasketItem((basket, product) => baskets.set(basket, [...(baskets.get(basket) ?? []), product]));
      expect(baskets.get("o:X1")).toEqual(["p2"]);

      // 2: tuned settings.
      store.db
        .prepare("INSERT INTO tuned_settings (created_at, settings, validation, details) VALUES (?, ?, ?, ?)")
        .run(T0, JSON.stringify({ factors: 8 }), JSON.stringify([]), JSON.stringify({ trials: [] }));
      expect(store.tunings.latest()).toMatchObject({ createdAt: T0, settings: { factors: 8 }, validation: [], details: { trials: [] } });

      // 4, 5, 7, 8: rules, clusters with their browsing, and customer rows, all tied to the old model.
      store.db
        .prepare(
          "INSERT INTO model_rules (model_id, antecedent, consequent, count, support, confidence, lift) VALUES (1, ?, ?, ?, ?, ?, ?)",
        )
        .run("p1", "p2", 1, 0.5, 1, 2);
      store.db
        .prepare(
          `INSERT INTO model_clusters (model_id, cluster_id, label, size, revenue, revenue_share, average_order_value,
             average_recency_days, average_frequency, top_categories, top_products, browsing)
           VALUES (1, 0, 'Typical buyers', 2, 42.5, 1, 21.25, 2, 1, '[]', '["p1"]', ?)`,
        )
        .run(JSON.stringify({ logPageViews: 1, logTimeSpent: null }));
      store.db.prepare("INSERT INTO customer_clusters (model_id, customer_id, cluster_id) VALUES (1, 'c1', 0)").run();
      store.db
        .prepare("INSERT INTO model_customer_rows (model_id, customer_id, items, decaying, fixed) VALUES (1, 'c1', ?, NULL, NULL)")
        .run(Buffer.from(Int32Array.of(0, 1).buffer));
      expect(store.models.customerRow(1, "c1")).toEqual({ customerId: "c1", items: Int32Array.of(0, 1), decaying: null, fixed: null });
      expect(store.db.prepare("SELECT browsing FROM model_clusters").get()).toEqual({ browsing: '{"logPageViews":1,"logTimeSpent":null}' });

      // The foreign keys of the new tables hold: deleting the model takes its rows with it.
      store.db.prepare("DELETE FROM models WHERE id = 1").run();
      for (const table of ["model_rules", "model_clusters", "customer_clusters", "model_customer_rows", "customer_rfm"]) {
        expect(store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
      }
    } finally {
      store.close();
    }
  });

  it("change nothing in a file that is up to date, however often it is opened", () => {
    const file = versionOneFile();
    openDatabase(file).close();
    const snapshot = () => {
      const db = new Database(file, { readonly: true });
      try {
        return {
          version: db.pragma("user_version", { simple: true }),
          schemaCookie: db.pragma("schema_version", { simple: true }), // SQLite counts every schema change
          schema: schemaOf(db),
          contents: contentsOf(db),
        };
      } finally {
        db.close();
      }
    };
    const before = snapshot();
    expect(before.version).toBe(newestVersion());
    expect(Object.keys(before.contents).length).toBeGreaterThan(0);
    for (let i = 0; i < 2; i++) {
      openDatabase(file).close();
      expect(snapshot()).toEqual(before);
    }
  });

  it("are taken once when several processes open an old file at the same time", async () => {
    const file = versionOneFile();
    const newest = newestVersion();
    const openers = [1, 2, 3].map(() => startOpener(file));
    const holder = new Database(file);
    try {
      // All three load their modules first, so that they then open the file together.
      await Promise.all(openers.map((o) => o.reached("loaded")));
      // Another connection holds the write lock, so each process reads the file's version before it can migrate.
      holder.exec("BEGIN IMMEDIATE");
      for (const o of openers) o.go();
      // The handshake: each has read the old version and goes on to wait for the lock; only then is it released.
      expect(await Promise.all(openers.map((o) => o.reached("read")))).toEqual(["read 1", "read 1", "read 1"]);
      expect(openers.flatMap((o) => o.lines.filter((l) => l.startsWith("set")))).toEqual([]); // none could migrate yet
      holder.exec("COMMIT");
      for (const { code, errors } of await Promise.all(openers.map((o) => o.exited))) {
        expect(errors).not.toMatch(/Error/);
        expect(code).toBe(0);
      }
      for (const o of openers) expect(o.lines.at(-1)).toBe(`done ${newest}`);
      // Every step from version 1 to the newest was taken, each by one process only.
      const steps = openers.flatMap((o) => o.lines.filter((l) => l.startsWith("set ")).map((l) => Number(l.slice(4))));
      expect(steps.sort((a, b) => a - b)).toEqual(Array.from({ length: newest - 1 }, (_, i) => i + 2));
    } finally {
      if (holder.inTransaction) holder.exec("ROLLBACK");
      holder.close();
      for (const o of openers) o.kill();
    }
  }, 90_000);

  it("refuse a file from a newer version of the program", () => {
    const file = versionOneFile();
    const newest = newestVersion();
    const db = new Database(file);
    db.pragma(`user_version = ${newest + 1}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(`model file schema version ${newest + 1} is newer than this program understands (${newest})`);
    const after = new Database(file, { readonly: true });
    expect(after.pragma("user_version", { simple: true })).toBe(newest + 1); // left as it was
    after.close();
  });
});
