// Lint rules that keep the domain boundaries of DESIGN.md/STYLE.md honest.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const IO_MODULES = ['node:*', 'fs', 'child_process', 'net', 'http', 'https', 'os', 'path'];
const DOMAINS = ['spec', 'expr', 'engine', 'executors', 'store', 'controller', 'identity', 'access', 'secrets', 'audit', 'server', 'cli', 'errors'];
// Another domain is reached only through its index.js (STYLE.md): `../engine/run-view.js` is refused.
const DEEP_IMPORTS = DOMAINS.map((d) => ({
  group: [`**/${d}/*`, `!**/${d}/index.js`],
  message: `Import ${d} only through its index.js.`,
}));
const pureDomain = (folder, extraForbidden = []) => ({
  files: [`src/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        { group: IO_MODULES, message: `src/${folder} is pure: no I/O modules (inject what you need).` },
        { group: ['**/store/**', '**/server/**', '**/executors/**', '**/controller/**', '**/cli/**', ...extraForbidden],
          message: `src/${folder} must not import I/O domains.` },
        ...DEEP_IMPORTS,
      ],
    }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'ui/dist/**', '**/*.mjs', '**/*.js', '.scratch*', '.scratch*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
      'no-restricted-imports': ['error', { patterns: DEEP_IMPORTS }],
    },
  },
  pureDomain('spec', ['**/engine/**']),
  pureDomain('expr', ['**/engine/**', '**/spec/**']),
  pureDomain('engine'),
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'max-lines': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
