// ESLint for the comment widget's sources (moderation/widget/src): the recommended rules, browser
// globals, ES modules, and a few rules that keep reader-written text out of markup; and for its
// build script (Node).
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["moderation/widget/static/"] }, // the bundle: built from the sources linted here
  {
    files: ["moderation/widget/src/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: globals.browser,
    },
    rules: {
      ...js.configs.recommended.rules,
      "no-unused-vars": ["error", { caughtErrors: "none" }],
      "no-implied-eval": "error",
      "no-eval": "error",
      "no-new-func": "error",
      "no-restricted-properties": ["error",
        { property: "innerHTML", message: "Text enters as text nodes (h() and add())." },
        { property: "outerHTML", message: "Text enters as text nodes (h() and add())." },
        { property: "insertAdjacentHTML", message: "Text enters as text nodes (h() and add())." },
        { object: "document", property: "write", message: "Text enters as text nodes (h() and add())." },
        { object: "document", property: "cookie", message: "The reader's token goes in the Authorization header only." },
        { object: "window", property: "localStorage", message: "The widget stores nothing in the reader's browser." }],
      "no-restricted-globals": ["error",
        { name: "localStorage", message: "The widget stores nothing in the reader's browser." },
        { name: "sessionStorage", message: "The widget stores nothing in the reader's browser." },
        { name: "DOMParser", message: "Text enters as text nodes (h() and add())." }],
      eqeqeq: ["error", "always"],
      "prefer-const": "error",
      "no-var": "error",
    },
  },
  {
    files: ["moderation/widget/build.mjs", "eslint.config.mjs"],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.node },
  },
];
