/**
 * Which key scope an operation needs: an operation that selects a field marked admin-only
 * (`@Extensions(ADMIN_ONLY)`: a query's field, or a mutation such as upsertMerchandisingRules) needs
 * `admin`; any other mutation needs `write`, any other query `read`. Computed once per
 * parsed document (Apollo keeps parsed documents, so repeated queries reuse the answer).
 */
import { type DocumentNode, type GraphQLSchema, Kind, TypeInfo, visit, visitWithTypeInfo } from "graphql";

export type NeededScope = "read" | "write" | "admin";

/** Field extensions of a field only an admin key may read. */
export const ADMIN_ONLY = { scope: "admin" } as const;

const cache = new WeakMap<DocumentNode, Map<string | null, NeededScope>>();

export function neededScope(schema: GraphQLSchema, document: DocumentNode, operationName: string | null): NeededScope {
  let byOperation = cache.get(document);
  if (!byOperation) cache.set(document, (byOperation = new Map()));
  let scope = byOperation.get(operationName);
  if (scope === undefined) {
    scope = compute(schema, document, operationName);
    byOperation.set(operationName, scope);
  }
  return scope;
}

function compute(schema: GraphQLSchema, document: DocumentNode, operationName: string | null): NeededScope {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName === null ? operations[0] : operations.find((o) => o.name?.value === operationName);
  if (!operation) return "read";
  // Fragments may hold admin fields too: visit the whole document, which is what the operation can reach.
  let admin = false;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        if (typeInfo.getFieldDef()?.extensions?.scope === ADMIN_ONLY.scope) admin = true;
      },
    }),
  );
  if (admin) return "admin";
  return operation.operation === "mutation" ? "write" : "read";
}
