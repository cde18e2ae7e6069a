// Lint rules: typescript-eslint's recommended type-aware set over the project's own TypeScript.
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    // Example programs and test fixture programs are separate Pulumi projects with their own settings.
    ignores: [
      "dist/",
      "node_modules/",
      ".toolchain/",
      ".pulumi-state/",
      "examples/",
      "tests/e2e/programs/",
      "eslint.config.mjs",
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // The thin provider stubs must call require() inside each method so that Pulumi serializes no code.
      "@typescript-eslint/no-require-imports": "off",
    },
  },
);
