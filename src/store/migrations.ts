/**
 * The schema, one step per version: a file at version n has run the first n. Frozen: a change to the
 * schema is a new step appended at the end, never an edit of one that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
  /* 1 */ `
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
  `,
  /* 2 */ `
  CREATE TABLE tuned_settings (
    id          INTEGER PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    settings    TEXT NOT NULL,
    validation  TEXT NOT NULL,
    details     TEXT NOT NULL
  );
  `,
  /* 3: each customer's last purchase in one index seek (leave-last-basket-out splits) */ `
  CREATE INDEX purchases_by_customer_time ON interactions(customer_id, occurred_at)
    WHERE type = 'purchase' AND quantity > 0;
  `,
  /* 4: market baskets */ `
  -- Order lines without a known customer: not interactions, but real baskets for basket analysis.
  CREATE TABLE anonymous_lines (
    id           INTEGER PRIMARY KEY,
    basket_id    TEXT NOT NULL,
    product_id   TEXT NOT NULL REFERENCES products(id),
    quantity     REAL NOT NULL,
    unit_price   REAL,
    occurred_at  INTEGER,
    origin       TEXT NOT NULL CHECK (origin IN ('import', 'live'))
  );
  CREATE TABLE model_rules (
    model_id    INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    antecedent  TEXT NOT NULL,
    consequent  TEXT NOT NULL,
    count       INTEGER NOT NULL,
    support     REAL NOT NULL,
    confidence  REAL NOT NULL,
    lift        REAL NOT NULL,
    PRIMARY KEY (model_id, antecedent, consequent)
  );
  CREATE INDEX model_rules_by_lift ON model_rules(model_id, lift);
  `,
  /* 5: behaviour clusters */ `
  CREATE TABLE model_clusters (
    model_id              INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    cluster_id            INTEGER NOT NULL,
    label                 TEXT NOT NULL,
    size                  INTEGER NOT NULL,
    revenue               REAL NOT NULL,
    revenue_share         REAL NOT NULL,
    average_order_value   REAL NOT NULL,
    average_recency_days  REAL NOT NULL,
    average_frequency     REAL NOT NULL,
    top_categories        TEXT NOT NULL,
    top_products          TEXT NOT NULL,
    PRIMARY KEY (model_id, cluster_id)
  );
  CREATE TABLE customer_clusters (
    model_id     INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    customer_id  TEXT NOT NULL,
    cluster_id   INTEGER NOT NULL,
    PRIMARY KEY (model_id, customer_id)
  );
  `,
  /* 6: idempotent writes */ `
  ALTER TABLE interactions ADD COLUMN idempotency_key TEXT;
  CREATE UNIQUE INDEX interactions_by_idempotency_key ON interactions(idempotency_key) WHERE idempotency_key IS NOT NULL;
  `,
  /* 7: each cluster's typical browsing, to place anonymous visitors */ `
  ALTER TABLE model_clusters ADD COLUMN browsing TEXT;
  `,
  /* 8: each customer's row as the model was trained on it, so fold-in reads one row, not their history */ `
  ALTER TABLE models ADD COLUMN has_customer_rows INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE model_customer_rows (
    model_id     INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    customer_id  TEXT NOT NULL,
    items        BLOB NOT NULL,
    decaying     BLOB,
    fixed        BLOB,
    PRIMARY KEY (model_id, customer_id)
  );
  `,
  /* 9: item-kNN neighbour lists, for versions served by item-kNN or a blend */ `
  CREATE TABLE model_neighbours (
    model_id      INTEGER PRIMARY KEY REFERENCES models(id) ON DELETE CASCADE,
    indptr        BLOB NOT NULL,
    indices       BLOB NOT NULL,
    similarities  BLOB NOT NULL
  );
  `,
  /* 10: a live catalogue: what a storefront card needs, availability, and a version servers watch */ `
  ALTER TABLE products ADD COLUMN currency TEXT;
  ALTER TABLE products ADD COLUMN image_url TEXT;
  ALTER TABLE products ADD COLUMN url TEXT;
  ALTER TABLE products ADD COLUMN available INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE products ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE products ADD COLUMN attributes TEXT;
  ALTER TABLE products ADD COLUMN updated_live INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE catalog_state (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  INTEGER NOT NULL
  );
  INSERT INTO catalog_state (id, version) VALUES (1, 0);
  `,
  /* 11: which fields the API set, one bit each (see catalog.repository.ts), instead of one flag per product */ `
  ALTER TABLE products ADD COLUMN live_fields INTEGER NOT NULL DEFAULT 0;
  UPDATE products SET live_fields = 511 WHERE updated_live = 1;
  `,
  /* 12: attribution: the lists served, and which list an interaction followed */ `
  CREATE TABLE recommendation_lists (
    id              TEXT PRIMARY KEY,
    served_at       INTEGER NOT NULL,
    placement       TEXT NOT NULL,
    customer_id     TEXT,
    first_position  INTEGER NOT NULL,
    items           TEXT NOT NULL
  );
  CREATE INDEX recommendation_lists_by_time ON recommendation_lists(served_at);
  ALTER TABLE interactions ADD COLUMN recommendation_id TEXT;
  CREATE INDEX interactions_by_recommendation ON interactions(recommendation_id) WHERE recommendation_id IS NOT NULL;
  `,
  /* 13: interaction ids are never given twice (AUTOINCREMENT), so that a model version's data cut keeps its meaning
     after an import deletes rows (see import.repository.ts); the table rebuilt with its rows, ids and indexes */ `
  CREATE TABLE interactions_rebuilt (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id        TEXT NOT NULL REFERENCES customers(id),
    product_id         TEXT NOT NULL REFERENCES products(id),
    type               TEXT NOT NULL CHECK (type IN ('view', 'cart', 'purchase')),
    quantity           REAL NOT NULL,
    unit_price         REAL,
    occurred_at        INTEGER,
    basket_id          TEXT,
    weight             REAL,
    origin             TEXT NOT NULL CHECK (origin IN ('import', 'live')),
    idempotency_key    TEXT,
    recommendation_id  TEXT
  );
  INSERT INTO interactions_rebuilt
    SELECT id, customer_id, product_id, type, quantity, unit_price, occurred_at, basket_id, weight, origin, idempotency_key, recommendation_id
    FROM interactions;
  DROP TABLE interactions;
  ALTER TABLE interactions_rebuilt RENAME TO interactions;
  CREATE INDEX interactions_by_customer ON interactions(customer_id);
  CREATE INDEX interactions_by_product ON interactions(product_id);
  CREATE INDEX purchases_by_customer_time ON interactions(customer_id, occurred_at)
    WHERE type = 'purchase' AND quantity > 0;
  CREATE UNIQUE INDEX interactions_by_idempotency_key ON interactions(idempotency_key) WHERE idempotency_key IS NOT NULL;
  CREATE INDEX interactions_by_recommendation ON interactions(recommendation_id) WHERE recommendation_id IS NOT NULL;
  -- An import before this migration may have deleted the rows with the highest ids, below a stored version's cut:
  -- new ids start above every cut.
  INSERT INTO sqlite_sequence (name, seq) SELECT 'interactions', 0
    WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'interactions');
  UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT COALESCE(MAX(last_interaction_id), 0) FROM models)) WHERE name = 'interactions';
  `,
  // 14: a customer's purchased products (which every recommendation leaves out) read from an index alone,
  // with the columns the bounds check. A customer with 8,000 order lines took 7 ms without it, 2.5 ms with it.
  `
  CREATE INDEX purchases_by_customer_product ON interactions(customer_id, product_id, quantity, unit_price, weight)
    WHERE type = 'purchase' AND quantity > 0;
  `,
  // 15: merchandising rules and A/B experiments, managed over the API; a counter every change of them moves,
  // so each server process reads them again only when it moved; the experiment and arm of each served list.
  `
  CREATE TABLE merchandising_rules (
    name        TEXT PRIMARY KEY,
    definition  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
  );
  CREATE TABLE experiments (
    id          TEXT PRIMARY KEY,
    definition  TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    stopped_at  INTEGER
  );
  CREATE TABLE merchandising_version (
    only     INTEGER PRIMARY KEY CHECK (only = 1),
    version  INTEGER NOT NULL
  );
  INSERT INTO merchandising_version (only, version) VALUES (1, 0);
  ALTER TABLE recommendation_lists ADD COLUMN experiment_id TEXT;
  ALTER TABLE recommendation_lists ADD COLUMN arm TEXT;
  CREATE INDEX recommendation_lists_by_experiment ON recommendation_lists(experiment_id, arm) WHERE experiment_id IS NOT NULL;
  `,
  // 16: buy again: each product's repurchase figures over its buyers, trained with a model version
  // (the prior of every customer's interval for it).
  `
  CREATE TABLE model_repurchase (
    model_id       INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    product_id     TEXT NOT NULL,
    buyers         INTEGER NOT NULL,
    repeat_buyers  INTEGER NOT NULL,
    gaps           INTEGER NOT NULL,
    gap_sum        REAL NOT NULL,
    log_gap_sum    REAL NOT NULL,
    PRIMARY KEY (model_id, product_id)
  );
  `,
  // 17: HNSW graphs over a large catalogue's product vectors (by inner product for recommendations, by
  // cosine for similar products), built with a model version and stored in chunks (a graph of a
  // million products outgrows one blob); their settings beside them.
  `
  CREATE TABLE model_ann (
    model_id  INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    metric    TEXT NOT NULL CHECK (metric IN ('ip', 'cosine')),
    products  INTEGER NOT NULL,
    options   TEXT NOT NULL,
    PRIMARY KEY (model_id, metric)
  );
  CREATE TABLE model_ann_chunks (
    model_id  INTEGER NOT NULL,
    metric    TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    data      BLOB NOT NULL,
    PRIMARY KEY (model_id, metric, seq),
    FOREIGN KEY (model_id, metric) REFERENCES model_ann(model_id, metric) ON DELETE CASCADE
  );
  `,
];
