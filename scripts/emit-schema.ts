/** Writes schema.graphql from the type-graphql classes: `npm run schema`. A test fails when the file drifts. */
import fs from "node:fs";
import path from "node:path";
import { printAppSchema } from "../src/graphql/schema";

const target = path.resolve(__dirname, "..", "schema.graphql");
fs.writeFileSync(target, printAppSchema());
console.log(`Wrote ${target}`);
