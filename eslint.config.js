// ESLint: strict TypeScript rules plus the layer rule (DESIGN.md "Architecture": imports only point downwards).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electron = { name: 'electron', message: 'Only app/electron/ may import electron.' };
const electronStore = { name: 'electron-store', message: 'Only app/electron/ may import electron-store (it needs the Electron binary); the engine uses conf.' };
const hostDirs = ['**/app/electron/**', '**/app/cli/**', '**/app/web/**', '**/app/host/**'];

/** Import patterns each layer may not use. */
const layers = [
  {
    files: ['renderer/**/*.{ts,tsx}'],
    paths: [electron, electronStore],
    patterns: [
      { group: ['**/main/**', '**/app/electron/**', '**/app/cli/**', '**/app/web/**', 'node:*'], message: 'renderer/ imports only app/contract.' },
    ],
  },
  {
    files: ['app/contract/**/*.ts'],
    paths: [electron, electronStore],
    patterns: [{ group: ['**/main/**', ...hostDirs, '**/cli/**', '**/web/**', '**/electron/**', '**/renderer/**'], message: 'app/contract imports nothing of ours.' }],
  },
  {
    files: ['main/**/*.ts'],
    paths: [electron, electronStore],
    patterns: [{ group: [...hostDirs, '**/app/contract/**', '**/renderer/**'], message: 'main/ imports no host.' }],
  },
  {
    files: ['app/electron/**/*.ts'],
    paths: [],
    patterns: [{ group: ['**/app/cli/**', '**/app/web/**', '**/cli/**', '**/web/**', '**/renderer/**'], message: 'app/electron imports app/contract, main/ and the shared host service only.' }],
  },
  {
    files: ['app/host/**/*.ts'],
    paths: [electron, electronStore],
    patterns: [{ group: ['**/app/electron/**', '**/app/cli/**', '**/app/web/**', '**/electron/**', '**/cli/**', '**/web/**', '**/renderer/**'], message: 'app/host (the shared host service) imports app/contract and main/ only.' }],
  },
  {
    files: ['app/cli/**/*.ts', 'app/web/**/*.ts'],
    paths: [electron, electronStore],
    patterns: [{ group: ['**/app/electron/**', '**/electron/**', '**/renderer/**'], message: 'Hosts import app/contract and main/ only.' }],
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'playwright-report/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  ...layers.map(({ files, paths, patterns }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
  })),
);
