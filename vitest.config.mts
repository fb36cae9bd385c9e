import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // One copy of graphql: type-graphql (CJS) and Apollo must see the same module instance,
    // or graphql-js throws "Cannot use GraphQLSchema from another module or realm".
    // (Relative to the project root, where npm runs vitest.)
    alias: { graphql: path.resolve("node_modules/graphql/index.js") },
  },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/helpers/cleanup.ts"],
    // The small sample shop, trained once for the run; test files copy it (test/helpers/trained-store.ts).
    globalSetup: ["test/helpers/global-setup.ts"],
    server: { deps: { inline: ["type-graphql"] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
