/** The pages' only way to the service: its settings (/pages/config.json) and the public GraphQL API. */
import { setShopCurrency } from "./format";

export interface PagesConfig {
  graphqlUrl: string;
  /** A read key to send, when the operator set one (PAGES_READ_KEY). */
  readKey: string | null;
  /** Whether the demo may record views, cart adds and purchases. */
  recordEvents: boolean;
  writeKey: string | null;
  workbook: { url: string; needsKey: boolean };
  /** The shop's currency, for amounts the catalogue gives none for (PAGES_CURRENCY). */
  currency: string | null;
  sampleCustomers: { customerId: string; label: string }[];
}

/** A failure to show to a person: what went wrong, and the service's error code when it gave one. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const UNREACHABLE = "The recommendation service is not answering. Check that it is running, then try again.";

export async function loadConfig(): Promise<PagesConfig> {
  let response: Response;
  try {
    response = await fetch("/pages/config.json", { headers: { accept: "application/json" } });
  } catch {
    throw new ApiError(UNREACHABLE, "UNREACHABLE");
  }
  if (!response.ok) throw new ApiError(`The service could not give the page its settings (HTTP ${response.status}).`, "CONFIG");
  const config = (await response.json()) as PagesConfig;
  setShopCurrency(config.currency);
  return config;
}

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface Api {
  /** A query or mutation; `write` sends the demo's write key. Throws ApiError on any error. */
  request<T>(query: string, variables?: Record<string, unknown>, write?: boolean): Promise<T>;
}

export function apiOf(config: PagesConfig): Api {
  return {
    async request<T>(query: string, variables: Record<string, unknown> = {}, write = false): Promise<T> {
      const key = write ? config.writeKey : config.readKey;
      const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
      if (key) headers.authorization = `Bearer ${key}`;
      let response: Response;
      try {
        response = await fetch(config.graphqlUrl, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
      } catch {
        throw new ApiError(UNREACHABLE, "UNREACHABLE");
      }
      let answer: GraphQLAnswer<T>;
      try {
        answer = (await response.json()) as GraphQLAnswer<T>;
      } catch {
        throw new ApiError(`The service answered HTTP ${response.status} without a readable body.`, "HTTP");
      }
      const error = answer.errors?.[0];
      if (error) {
        const code = error.extensions?.code ?? "ERROR";
        const hint = code === "UNAUTHENTICATED" ? " (the operator can give the pages a read key: PAGES_READ_KEY)" : "";
        throw new ApiError(`${error.message}${hint}`, code);
      }
      if (!answer.data) throw new ApiError(`The service answered HTTP ${response.status} with no data.`, "HTTP");
      return answer.data;
    },
  };
}
