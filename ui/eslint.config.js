// ESLint 9 flat config: the recommended JavaScript and typescript-eslint rules and React's hook rules.
// Formatting is Prettier's job (`npm run format:check`), so no stylistic rules here.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Build output, and files another tool generates (e.g. API types from the OpenAPI document).
  { ignores: ['dist/', 'target/', 'coverage/', '**/*.gen.ts', '**/generated/'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended, reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
    rules: {
      // Pages load their data in effects (`useEffect(() => void load(), [load])`, where load starts with
      // setLoading(true)); this React Compiler rule would have every such page rewritten around a
      // data-fetching library, a change of its own.
      'react-hooks/set-state-in-effect': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['scripts/**/*.mjs', '*.config.{js,ts}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    // Node scripts that also hand functions to the browser (page.evaluate).
    files: ['e2e/**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
