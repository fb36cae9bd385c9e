import { describe, expect, it } from "vitest";
import { detectDelimiter, normaliseHeader } from "../../src/importers/csv-source";
import { parseId, parseNumber, parseTimestamp } from "../../src/importers/parse";

describe("field parsers", () => {
  it("read float-formatted integer ids as integers", () => {
    expect(parseId("17850.0")).toBe("17850");
    expect(parseId(" 85123A ")).toBe("85123A");
    expect(parseId("12.5")).toBe("12.5");
  });

  it("read numbers, a decimal comma, and refuse text", () => {
    expect(parseNumber("4.5")).toBe(4.5);
    expect(parseNumber("4,5")).toBe(4.5);
    expect(parseNumber("")).toBeNull();
    expect(parseNumber("abc")).toBeUndefined();
  });

  it("read ISO dates and date-times as UTC", () => {
    expect(parseTimestamp("2023-01-05")).toBe(Date.UTC(2023, 0, 5));
    expect(parseTimestamp("2010-12-01 08:26:00")).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(parseTimestamp("2010-12-01T08:26:00+01:00")).toBe(Date.UTC(2010, 11, 1, 7, 26));
  });

  it("read US-style dates and Unix times", () => {
    expect(parseTimestamp("12/1/2010 8:26")).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(parseTimestamp("1291191960")).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(parseTimestamp("1291191960000")).toBe(Date.UTC(2010, 11, 1, 8, 26));
  });

  it("refuse what is not a time", () => {
    expect(parseTimestamp("yesterday")).toBeUndefined();
    expect(parseTimestamp("2023-13-45")).toBeUndefined();
    expect(parseTimestamp("")).toBeNull();
  });
});

describe("headers", () => {
  it("detect the delimiter from the header line", () => {
    expect(detectDelimiter("product_id;category;price;ratings;;;")).toBe(";");
    expect(detectDelimiter("customer_id,page_views,time_spent")).toBe(",");
  });

  it("normalise names", () => {
    expect(normaliseHeader("\uFEFFCustomer ID ")).toBe("customer_id");
  });
});
