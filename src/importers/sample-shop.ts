/**
 * A synthetic but realistic shop for demos and tests, fully determined by its seed:
 * - products in categories, with log-normal prices, ratings and power-law (Zipf) popularity;
 * - customers in taste groups, each group favouring a few categories and its own set of products,
 *   so that what a customer bought predicts what they buy next (collaborative filtering has signal);
 * - a heavy-tailed number of purchases per customer, in orders of one to four products on one day,
 *   spread over the period, with some customers lapsing early (so RFM segments differ);
 * - complementary products: each product has a companion in its category that joins its order
 *   a third of the time (so basket analysis finds real rules);
 * - page views and time spent that grow with how much a customer buys; some customers only browse.
 */
import fs from "node:fs";
import path from "node:path";
import { createGaussian, createRandom } from "../model/random";
import { DAY_MS } from "../domain/time";

export interface SampleShopOptions {
  seed: number;
  customers: number;
  /** Customers who browse but never buy. */
  browsers: number;
  productsPerCategory: number;
  tasteGroups: number;
  /** Mean purchases per buying customer. */
  meanPurchases: number;
  start: string;
  end: string;
}

export const DEFAULT_SAMPLE_OPTIONS: SampleShopOptions = {
  seed: 20_251_121,
  customers: 2_400,
  browsers: 150,
  productsPerCategory: 30,
  tasteGroups: 12,
  meanPurchases: 10,
  start: "2024-11-01",
  end: "2025-11-30",
};

const CATALOGUE: Record<string, { basePrice: number; adjectives: string[]; nouns: string[] }> = {
  Electronics: {
    basePrice: 120,
    adjectives: ["Wireless", "Smart", "Portable", "Compact", "Pro", "Ultra"],
    nouns: ["Headphones", "Speaker", "Charger", "Smartwatch", "Keyboard", "Webcam", "Power Bank", "Earbuds"],
  },
  Clothing: {
    basePrice: 40,
    adjectives: ["Classic", "Slim-Fit", "Organic Cotton", "Waterproof", "Merino", "Relaxed"],
    nouns: ["T-Shirt", "Jeans", "Jacket", "Hoodie", "Sweater", "Chinos", "Raincoat", "Scarf"],
  },
  "Home & Kitchen": {
    basePrice: 45,
    adjectives: ["Stainless", "Non-Stick", "Bamboo", "Ceramic", "Cast-Iron", "Glass"],
    nouns: ["Frying Pan", "Knife Set", "Cutting Board", "Mug Set", "Storage Jars", "Kettle", "Dutch Oven", "Salad Bowl"],
  },
  Beauty: {
    basePrice: 22,
    adjectives: ["Hydrating", "Vitamin C", "Gentle", "Matte", "Herbal", "Night"],
    nouns: ["Face Cream", "Serum", "Cleanser", "Lip Balm", "Shampoo", "Body Lotion", "Sunscreen", "Face Mask"],
  },
  "Sports & Outdoors": {
    basePrice: 55,
    adjectives: ["Lightweight", "Trail", "Insulated", "Foldable", "Grip", "Quick-Dry"],
    nouns: ["Yoga Mat", "Water Bottle", "Backpack", "Running Shoes", "Tent", "Dumbbells", "Headlamp", "Cycling Gloves"],
  },
  Books: {
    basePrice: 16,
    adjectives: ["Illustrated", "Paperback", "Collected", "Pocket", "Annotated", "Hardcover"],
    nouns: ["Cookbook", "Thriller", "Travel Guide", "Poetry", "History", "Field Guide", "Novel", "Atlas"],
  },
  "Toys & Games": {
    basePrice: 28,
    adjectives: ["Wooden", "Magnetic", "Family", "Puzzle", "Remote-Control", "Creative"],
    nouns: ["Building Set", "Board Game", "Jigsaw", "Car", "Art Kit", "Train Set", "Card Game", "Plush Bear"],
  },
  Grocery: {
    basePrice: 9,
    adjectives: ["Organic", "Fair-Trade", "Single-Origin", "Spiced", "Roasted", "Wildflower"],
    nouns: ["Coffee Beans", "Green Tea", "Olive Oil", "Honey", "Granola", "Dark Chocolate", "Pasta", "Almonds"],
  },
  Garden: {
    basePrice: 35,
    adjectives: ["Heavy-Duty", "Solar", "Ergonomic", "Raised", "Self-Watering", "Copper"],
    nouns: ["Pruning Shears", "Garden Lights", "Planter", "Hose", "Seed Kit", "Watering Can", "Trowel", "Bird Feeder"],
  },
  "Pet Supplies": {
    basePrice: 25,
    adjectives: ["Chew-Proof", "Orthopedic", "Grain-Free", "Reflective", "Interactive", "Washable"],
    nouns: ["Dog Bed", "Cat Tree", "Leash", "Pet Food", "Feeder", "Toy Ball", "Grooming Brush", "Litter Box"],
  },
};

export interface SampleShop {
  customers: { customer_id: string; page_views: number; time_spent: number }[];
  products: { product_id: string; category: string; price: number; ratings: number; name: string }[];
  purchases: { customer_id: string; product_id: string; purchase_date: string }[];
}

/** Draws an index from cumulative weights. */
function drawFrom(cumulative: Float64Array, random: () => number): number {
  const target = random() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function cumulate(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) out[i] = s += weights[i];
  return out;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

export function generateSampleShop(options: SampleShopOptions = DEFAULT_SAMPLE_OPTIONS): SampleShop {
  const random = createRandom(options.seed);
  const gaussian = createGaussian(random);
  const categories = Object.keys(CATALOGUE);

  // Products: names from each category's vocabulary, unique within the shop.
  const products: SampleShop["products"] = [];
  const productCategory: number[] = [];
  categories.forEach((category, c) => {
    const { basePrice, adjectives, nouns } = CATALOGUE[category];
    const names = shuffle(
      adjectives.flatMap((a) => nouns.map((n) => `${a} ${n}`)),
      random,
    );
    for (let i = 0; i < options.productsPerCategory; i++) {
      const price = Math.max(1, basePrice * Math.exp(0.5 * gaussian()));
      const ratings = Math.min(5, Math.max(2.5, 4.1 + 0.45 * gaussian()));
      products.push({
        product_id: String(1001 + products.length),
        category,
        price: Number((Math.max(1, Math.round(price)) - 0.01).toFixed(2)),
        ratings: Math.round(ratings * 10) / 10,
        name: names[i % names.length],
      });
      productCategory.push(c);
    }
  });
  const n = products.length;

  // Power-law popularity: a random ranking of the catalogue, weight 1/rank^0.9.
  const popularity = new Float64Array(n);
  shuffle(
    Array.from({ length: n }, (_, i) => i),
    random,
  ).forEach((product, rank) => {
    popularity[product] = 1 / (rank + 1) ** 0.9;
  });
  const globalCumulative = cumulate(popularity);

  // Complementary pairs within each category: a product's companion often joins its order.
  const companion = new Int32Array(n).fill(-1);
  categories.forEach((_, c) => {
    const members = shuffle(
      Array.from({ length: n }, (_, i) => i).filter((i) => productCategory[i] === c),
      random,
    );
    for (let m = 0; m + 1 < members.length; m += 2) {
      companion[members[m]] = members[m + 1];
      companion[members[m + 1]] = members[m];
    }
  });

  // Taste groups: 2–3 favourite categories; within them, a group-specific ranking of products.
  const groups = Array.from({ length: options.tasteGroups }, () => {
    const favourites = shuffle([...categories.keys()], random).slice(0, 2 + Math.floor(random() * 2));
    const weights = new Float64Array(n);
    const members = shuffle(
      Array.from({ length: n }, (_, i) => i).filter((i) => favourites.includes(productCategory[i])),
      random,
    );
    members.forEach((product, rank) => {
      weights[product] = Math.sqrt(popularity[product]) / (rank + 1) ** 0.7;
    });
    return cumulate(weights);
  });

  const start = Date.parse(`${options.start}T00:00:00Z`);
  const end = Date.parse(`${options.end}T00:00:00Z`);
  const span = (end - start) / DAY_MS;
  const customers: SampleShop["customers"] = [];
  const purchases: { customer: number; product: number; day: number }[] = [];
  const buyers = options.customers - options.browsers;
  // Purchases per customer: 1 + log-normal with the requested mean.
  const sigma = 0.9;
  const mu = Math.log(Math.max(0.5, options.meanPurchases - 1)) - (sigma * sigma) / 2;

  for (let c = 0; c < options.customers; c++) {
    const id = String(c + 1);
    if (c >= buyers) {
      const views = 1 + Math.floor(random() * 15);
      customers.push({ customer_id: id, page_views: views, time_spent: Math.round(views * (2 + 3 * random())) });
      continue;
    }
    const group = groups[Math.floor(random() * groups.length)];
    const count = Math.min(120, 1 + Math.round(Math.exp(mu + sigma * gaussian())));
    const firstDay = Math.floor(random() * span * 0.85);
    const lapses = random() < 0.3;
    const lastDay = lapses ? firstDay + Math.floor(random() * (span - firstDay) * 0.6) : span;
    const seen = new Set<string>();
    const buy = (product: number, day: number) => {
      const key = `${product}:${day}`;
      if (seen.has(key)) return;
      seen.add(key);
      purchases.push({ customer: c, product, day });
    };
    let bought = 0;
    while (bought < count) {
      const day = firstDay + Math.floor(random() * (lastDay - firstDay + 1));
      const size = Math.min(count - bought, 1 + Math.floor(random() * random() * 4));
      for (let item = 0; item < size; item++) {
        const product = random() < 0.8 ? drawFrom(group, random) : drawFrom(globalCumulative, random);
        buy(product, day);
        if (companion[product] >= 0 && random() < 0.35) buy(companion[product], day);
      }
      bought += size;
    }
    const views = Math.round(count * (4 + 4 * random()) + 5 * random());
    customers.push({ customer_id: id, page_views: views, time_spent: Math.round(views * (2 + 3 * random())) });
  }

  purchases.sort((a, b) => a.day - b.day || a.customer - b.customer || a.product - b.product);
  return {
    customers,
    products,
    purchases: purchases.map((p) => ({
      customer_id: String(p.customer + 1),
      product_id: products[p.product].product_id,
      purchase_date: new Date(start + p.day * DAY_MS).toISOString().slice(0, 10),
    })),
  };
}

function toCsv<T extends object>(rows: readonly T[], columns: readonly (keyof T & string)[]): string {
  const cell = (v: unknown) => (typeof v === "string" && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));
  return `${[columns.join(","), ...rows.map((r) => columns.map((c) => cell(r[c])).join(","))].join("\n")}\n`;
}

/** Writes a shop as the three trio files into `dir` (created if needed). */
export function writeTrioFiles(shop: SampleShop, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "customer_interactions.csv"), toCsv(shop.customers, ["customer_id", "page_views", "time_spent"]));
  fs.writeFileSync(path.join(dir, "product_details.csv"), toCsv(shop.products, ["product_id", "category", "price", "ratings", "name"]));
  fs.writeFileSync(path.join(dir, "purchase_history.csv"), toCsv(shop.purchases, ["customer_id", "product_id", "purchase_date"]));
}
