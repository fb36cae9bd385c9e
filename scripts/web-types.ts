/**
 * The pages' TypeScript types of the GraphQL API, generated from schema.graphql: one interface per
 * object and input type, one union of strings per enum. The pages pick the fields they query from them
 * (`Pick<Cluster, "id" | "label">`), so a renamed or retyped field fails `tsc -p web`.
 */
import {
  buildSchema,
  type GraphQLInputType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLOutputType,
  GraphQLScalarType,
} from "graphql";

export const WEB_TYPES_FILE = "web/src/generated/schema.ts";

const SCALARS: Record<string, string> = {
  ID: "string",
  String: "string",
  Int: "number",
  Float: "number",
  Boolean: "boolean",
  DateTimeISO: "string",
  JSONObject: "Record<string, unknown>",
};

function typeOf(type: GraphQLOutputType | GraphQLInputType, nullable = true): string {
  if (type instanceof GraphQLNonNull) return typeOf(type.ofType, false);
  const inner =
    type instanceof GraphQLList
      ? `${typeOf(type.ofType).replace(/^(.* \| null)$/, "($1)")}[]`
      : type instanceof GraphQLScalarType
        ? (SCALARS[type.name] ?? "unknown")
        : type.name;
  return nullable ? `${inner} | null` : inner;
}

/** The TypeScript source of the types of `schemaText`. */
export function webTypes(schemaText: string): string {
  const schema = buildSchema(schemaText);
  const out = [`// Generated from schema.graphql by \`npm run schema\` (scripts/web-types.ts): do not edit.`, ""];
  const named = Object.values(schema.getTypeMap())
    .filter((t) => !t.name.startsWith("__"))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const type of named) {
    if (type instanceof GraphQLEnumType) {
      out.push(
        `export type ${type.name} = ${type
          .getValues()
          .map((v) => JSON.stringify(v.name))
          .join(" | ")};`,
        "",
      );
    } else if (type instanceof GraphQLObjectType) {
      if (type === schema.getQueryType() || type === schema.getMutationType()) continue;
      out.push(`export interface ${type.name} {`);
      for (const field of Object.values(type.getFields())) out.push(`  ${field.name}: ${typeOf(field.type)};`);
      out.push("}", "");
    } else if (type instanceof GraphQLInputObjectType) {
      out.push(`export interface ${type.name} {`);
      for (const field of Object.values(type.getFields()))
        out.push(`  ${field.name}${field.type instanceof GraphQLNonNull ? "" : "?"}: ${typeOf(field.type)};`);
      out.push("}", "");
    }
  }
  return out.join("\n").trimEnd() + "\n";
}
