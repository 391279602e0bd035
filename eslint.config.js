import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import { noEagerZod } from './eslint/no-eager-zod.js';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'dist/**', '.tmp/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    // Layering: the core, the browser shell, the contract, the renderer and the sandbox never touch Electron.
    files: ['main/core/**', 'main/web/**', 'contract/**', 'renderer/**', 'sandbox/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only main/electron and preload may import electron.' }] }],
    },
  },
  {
    // The renderer has no Node and never talks to Okta.
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'undici'],
          patterns: [{ group: ['node:*', '**/main/**', '**/sandbox/**'], message: 'The renderer only talks to the bridge.' }],
        },
      ],
    },
  },
  {
    // zod stays out of what loads before the lazy chunks: the preload (every window runs it), the
    // renderer's entry (the first screen) and the user page (fetched right after the first screen).
    files: ['preload/index.ts', 'renderer/src/main.ts', 'renderer/src/user/UserPage.vue'],
    plugins: { factordesk: { rules: { 'no-eager-zod': noEagerZod } } },
    rules: { 'factordesk/no-eager-zod': ['error', { packages: ['zod'] }] },
  },
);
