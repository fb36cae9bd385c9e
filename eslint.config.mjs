// Lint: typescript-eslint's recommended rules, no import cycles, files under 300 lines, and the layers
// of ARCHITECTURE.md as an allow-list: http → graphql → serving, training and report beside it, all
// over {model, store}; store may name the model's types; domain and model import no layer.
// (eslint-plugin-import rather than import-x: import-x's native resolver bindings break `npm ci` here.)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import importPlugin from "eslint-plugin-import";
import { config, configs as tsConfigs } from "typescript-eslint";

/**
 * What each part of src/ may import from src/ (besides itself): an allow-list, so a new folder or root
 * file is refused everything until it is given a line here. ARCHITECTURE.md's table says the same.
 */
export const ALLOWED = {
  "domain/": [],
  "model/": ["domain/"],
  "importers/": ["domain/", "model/"],
  "store/": ["domain/", "model/"], // only the model's types: see the store's rule below
  "rfm/": ["domain/", "model/", "store/"],
  "runtime/": ["domain/", "model/"],
  "serving/": ["domain/", "model/", "store/", "rfm/"],
  "training/": ["domain/", "model/", "store/", "importers/", "runtime/"],
  "report/": ["domain/", "model/", "store/", "rfm/", "runtime/"],
  "graphql/": ["domain/", "serving/"],
  "http/": ["domain/", "serving/", "report/", "graphql/", "config.ts", "config-values.ts"],
  "config-values.ts": [],
  "config.ts": ["domain/", "config-values.ts"],
  "app.ts": ["domain/", "serving/", "graphql/", "http/", "config.ts"],
  "workers.ts": ["app.ts", "http/", "config.ts"],
  "main.ts": ["domain/", "store/", "serving/", "training/", "http/", "app.ts", "workers.ts", "config.ts"],
};

// A folder or root file of src/ without a line above would be refused nothing: lint stops instead.
const unlisted = fs
  .readdirSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "src"), { withFileTypes: true })
  .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
  .filter((name) => (name.endsWith("/") || name.endsWith(".ts")) && !(name in ALLOWED));
if (unlisted.length > 0) throw new Error(`eslint.config.mjs: give src/${unlisted.join(", src/")} a line in ALLOWED`);

const layerZones = [
  ...Object.entries(ALLOWED).map(([part, allowed]) => ({
    target: `./src/${part}`,
    from: "./src",
    except: [part, ...allowed].map((p) => `./${p}`),
    message: `src/${part} may import only ${allowed.length ? allowed.map((p) => `src/${p}`).join(", ") : "nothing else in src/"} (see ARCHITECTURE.md).`,
  })),
  // The pages run in a browser and know the service only through its GraphQL API.
  { target: "./web", from: "./src", message: "web/ must not import src/: the pages talk to the service over GraphQL only." },
];

/** Files under src/ stay under 300 lines (CONTRIBUTING.md); generated files and the frozen migrations are named here. */
const LONG_FILES = ["src/store/migrations.ts", "src/model/kernels/*.generated.ts"];

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
  { files: ["src/**/*.ts"], ignores: LONG_FILES, rules: { "max-lines": ["error", { max: 300 }] } },
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
