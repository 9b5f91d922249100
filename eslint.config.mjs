import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'out-*/**', 'node_modules/**', '.test-run/**', '.vscode-test/**', '.dev/**', 'packages/*/build/**', 'test/e2e/fixture/**/*.js', 'scripts/*.mjs', 'eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The core is the one definition of provenance shared by the editor, the CLI, the git hook
    // fallback and the CI gate; it must stay loadable in plain Node.
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts', 'src/git/**/*.ts', 'src/state/**/*.ts', 'src/agents/**/*.ts', 'src/gate/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/editor and src/extension.ts may depend on vscode: the rest runs in plain Node (CLI, hooks, CI gate).' }] }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
