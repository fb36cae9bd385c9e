/** Aggregates over the shop's data for analyst reports; interactions out of bounds (see IN_BOUNDS) are left out. */
import type { Db } from "./database";
import { IN_BOUNDS, IS_PURCHASE, LIST_PRICE, ORDER_KEY } from "./sql";

export interface CustomerSales {
  customerId: string;
  country: string | null;
  orders: number;
  items: number;
  revenue: number;
  distinctProducts: number;
  firstPurchase: number | null;
  lastPurchase: number | null;
}

export interface ProductSales {
  productId: string;
  name: string;
  category: string | null;
  orders: number;
  items: number;
  revenue: number;
  customers: number;
}

export interface CustomerMaster {
  customerId: string;
  country: string | null;
  pageViews: number | null;
  timeSpent: number | null;
  createdAt: number;
}

export interface ProductMaster {
  productId: string;
  name: string;
  category: string | null;
  price: number | null;
  rating: number | null;
}

export class ReportRepository {
  constructor(private readonly db: Db) {}

  salesByCustomer(): CustomerSales[] {
    return this.db
      .prepare<[], CustomerSales>(
        `SELECT c.id AS customerId, c.country AS country,
                COUNT(DISTINCT CASE WHEN i.quantity > 0 THEN ${ORDER_KEY} END) AS orders,
                COALESCE(SUM(i.quantity), 0) AS items,
                ROUND(COALESCE(SUM(i.quantity * COALESCE(i.unit_price, ${LIST_PRICE}, 0)), 0), 2) AS revenue,
                COUNT(DISTINCT CASE WHEN i.quantity > 0 THEN i.product_id END) AS distinctProducts,
                MIN(i.occurred_at) AS firstPurchase, MAX(i.occurred_at) AS lastPurchase
         FROM customers c
         JOIN interactions i ON i.customer_id = c.id AND i.type = 'purchase' AND ${IN_BOUNDS}
         JOIN products p ON p.id = i.product_id
         GROUP BY c.id ORDER BY revenue DESC, c.id`,
      )
      .all();
  }

  salesByProduct(): ProductSales[] {
    return this.db
      .prepare<[], ProductSales>(
        `SELECT p.id AS productId, p.name AS name, p.category AS category,
                COUNT(DISTINCT CASE WHEN i.quantity > 0 THEN ${ORDER_KEY} END) AS orders,
                COALESCE(SUM(i.quantity), 0) AS items,
                ROUND(COALESCE(SUM(i.quantity * COALESCE(i.unit_price, ${LIST_PRICE}, 0)), 0), 2) AS revenue,
                COUNT(DISTINCT CASE WHEN i.quantity > 0 THEN i.customer_id END) AS customers
         FROM products p
         JOIN interactions i ON i.product_id = p.id AND i.type = 'purchase' AND ${IN_BOUNDS}
         GROUP BY p.id ORDER BY revenue DESC, p.id`,
      )
      .all();
  }

  customers(): CustomerMaster[] {
    return this.db
      .prepare<[], CustomerMaster>(
        `SELECT id AS customerId, country, page_views AS pageViews, time_spent AS timeSpent, created_at AS createdAt
         FROM customers ORDER BY id`,
      )
      .all();
  }

  products(): ProductMaster[] {
    return this.db.prepare<[], ProductMaster>(`SELECT id AS productId, name, category, price, rating FROM products ORDER BY id`).all();
  }

  totals(): {
    interactions: number;
    purchases: number;
    views: number;
    carts: number;
    orders: number;
    revenue: number;
    first: number | null;
    last: number | null;
  } {
    return this.db
      .prepare<
        [],
        {
          interactions: number;
          purchases: number;
          views: number;
          carts: number;
          orders: number;
          revenue: number;
          first: number | null;
          last: number | null;
        }
      >(
        `SELECT COUNT(*) AS interactions,
                SUM(i.type = 'purchase') AS purchases, SUM(i.type = 'view') AS views, SUM(i.type = 'cart') AS carts,
                COUNT(DISTINCT CASE WHEN ${IS_PURCHASE} THEN ${ORDER_KEY} END) AS orders,
                ROUND(COALESCE(SUM(CASE WHEN i.type = 'purchase' THEN i.quantity * COALESCE(i.unit_price, ${LIST_PRICE}, 0) END), 0), 2) AS revenue,
                MIN(i.occurred_at) AS first, MAX(i.occurred_at) AS last
         FROM interactions i JOIN products p ON p.id = i.product_id
         WHERE ${IN_BOUNDS}`,
      )
      .get()!;
  }
}
