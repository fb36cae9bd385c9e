// Lint: typescript-eslint's recommended rules, no import cycles, and the layers of ARCHITECTURE.md:
// graphql → services → {model, store}; store may name the model's types; domain and model import no layer.
// (eslint-plugin-import rather than import-x: import-x's native resolver bindings break `npm ci` here.)
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import importPlugin from "eslint-plugin-import";
import { config, configs as tsConfigs } from "typescript-eslint";

/** What each src/ folder must not import from (everything else in src/ is allowed). */
const FORBIDDEN = {
  domain: ["model", "data", "store", "services", "graphql"],
  model: ["data", "store", "services", "graphql"],
  data: ["store", "services", "graphql"],
  store: ["data", "services", "graphql"],
  services: ["graphql"],
  graphql: ["model", "data", "store"],
  http: ["model", "data", "store"],
};

const layerZones = [
  ...Object.entries(FORBIDDEN).flatMap(([layer, forbidden]) =>
    forbidden.map((from) => ({
      target: `./src/${layer}`,
      from: `./src/${from}`,
      message: `src/${layer} must not import src/${from} (see ARCHITECTURE.md).`,
    })),
  ),
  // The pages run in a browser and know the service only through its GraphQL API.
  { target: "./web", from: "./src", message: "web/ must not import src/: the pages talk to the service over GraphQL only." },
];

export default config(
  // The kernel's AssemblyScript source is not TypeScript; its generated module is one long string.
  {
    ignores: [
      "node_modules/",
      "dist/",
      "coverage/",
      "data/",
      ".scratch/",
      "src/model/kernels/assembly/",
      "src/model/kernels/*.generated.ts",
    ],
  },
  js.configs.recommended,
  tsConfigs.recommended,
  importPlugin.flatConfigs.recommended,
  importPlugin.flatConfigs.typescript,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module" },
    settings: { "import/resolver": { node: { extensions: [".ts", ".mts", ".js", ".mjs"] } } },
    rules: {
      // tsc resolves every import (package "exports" included), which the plugin's node resolver cannot.
      "import/no-unresolved": "off",
      "import/no-cycle": "error",
      "import/no-self-import": "error",
      "import/no-useless-path-segments": "error",
      "import/no-restricted-paths": ["error", { zones: layerZones }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      eqeqeq: ["error", "always", { null: "ignore" }],
    },
  },
  {
    // The store records the model's types (settings, thresholds, placement), but runs none of its code.
    files: ["src/store/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["../model/*"], allowTypeImports: true, message: "src/store may import only types from src/model." }] },
      ],
    },
  },
  {
    // Model math is pure: no SQL, no GraphQL, no files, no network.
    files: ["src/model/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["better-sqlite3", "graphql", "type-graphql", "fs", "node:fs", "node:http", "express"].map((name) => ({
            name,
            message: "src/model is math on typed arrays, with no I/O.",
          })),
        },
      ],
    },
  },
  prettier,
);
