// Lint: recommended JS + TypeScript rules, React hooks rules for the UI, and the layer
// boundary: src/core must not import React, the DOM layers or anything above it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'artifacts', 'coverage', 'scratch'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/main.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'react/*', 'recharts', 'katex'],
              message: 'src/core is pure TypeScript + tfjs.',
            },
            {
              group: ['**/ui/**', '**/worker/**', '**/cli/**'],
              message: 'src/core imports nothing above it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/main.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tensorflow/*'],
              message: 'tfjs lives in the worker, never in the main-thread bundle.',
            },
            {
              // Pure-TypeScript core modules (no tfjs) are shared; the rest only as types.
              group: [
                '**/core/**',
                '!**/core/spec',
                '!**/core/cuts',
                '!**/core/presets',
                '!**/core/compare',
                '!**/core/format',
                '!**/core/fd64Verdict',
                // gitignore rules: a file is re-included only after its folder is.
                '!**/core/gradients',
                '**/core/gradients/*',
                '!**/core/gradients/types',
                '!**/core/oracle',
                '!**/core/oracle/*',
                '!**/core/jacobianSize',
                '!**/core/memoryEstimate',
                '!**/core/data',
                '**/core/data/*',
                '!**/core/data/mnistFormat',
                '!**/core/data/imageLimits',
              ],
              allowTypeImports: true,
              message: 'The UI talks to core through the worker protocol (type imports only).',
            },
          ],
        },
      ],
    },
  },
);
