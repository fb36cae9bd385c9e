/** Numbers and dates as people read them, in the browser's language. */

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(undefined, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
const dateFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export const formatInteger = (n: number) => integer.format(n);
export const formatDecimal = (n: number) => decimal.format(n);
/** 0.123 → "12.3%". */
export const formatPercent = (share: number) => percent.format(share);
/** A lift or other ratio: "2.35×". */
export const formatRatio = (n: number) => `${decimal.format(n)}×`;

let shopCurrency: string | null = null;

/** The currency of amounts that name none (the pages' settings give it). */
export function setShopCurrency(currency: string | null): void {
  shopCurrency = currency;
}

/** An amount in the product's currency when the catalogue names one, else the shop's, else as a plain amount. */
export function formatMoney(amount: number | null | undefined, productCurrency?: string | null): string {
  if (amount === null || amount === undefined) return "price not set";
  const currency = productCurrency ?? shopCurrency;
  if (currency) {
    try {
      return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(amount);
    } catch {
      // An unknown currency code: fall through to a plain amount.
    }
  }
  return decimal.format(amount);
}

export const formatDate = (iso: string) => dateFormat.format(new Date(iso));
export const formatDateTime = (iso: string) => dateTimeFormat.format(new Date(iso));
export const formatDays = (days: number) => (Math.round(days) === 1 ? "1 day" : `${integer.format(days)} days`);
/** How long ago, in days: "today", "yesterday", "12 days ago". */
export const formatDaysAgo = (days: number) =>
  Math.round(days) === 0 ? "today" : Math.round(days) === 1 ? "yesterday" : `${integer.format(days)} days ago`;
