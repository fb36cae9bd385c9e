/** Writes schema.graphql from the type-graphql classes, and the pages' types from it: `npm run schema`. A test fails when either drifts. */
import fs from "node:fs";
import path from "node:path";
import { printAppSchema } from "../src/graphql/schema";
import { WEB_TYPES_FILE, webTypes } from "./web-types";

const target = path.resolve(__dirname, "..", "schema.graphql");
const schema = printAppSchema();
fs.writeFileSync(target, schema);
console.log(`Wrote ${target}`);
const types = path.resolve(__dirname, "..", WEB_TYPES_FILE);
fs.mkdirSync(path.dirname(types), { recursive: true });
fs.writeFileSync(types, webTypes(schema));
console.log(`Wrote ${types}`);
