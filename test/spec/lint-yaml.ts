// Shared by the spec tests: lint YAML text and render findings compactly as `line:column code: message`.
import { lintText, type Diagnostic, type LintManifestsOptions } from '../../src/spec/index.js';

/** Removes the common indentation of a template literal, so YAML in tests can be indented with the code. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').replace(/\n\s*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** `line:column code: message` for each diagnostic of the given code (or all but info when no code). */
export function findings(diagnostics: Diagnostic[], code?: string): string[] {
  return diagnostics
    .filter((d) => (code === undefined ? d.severity !== 'info' : d.code === code))
    .map((d) => `${d.line}:${d.column} ${d.code}: ${d.message}`);
}

/** Lints a YAML text as file `w.yaml`. */
export function lintYaml(text: string, opts?: LintManifestsOptions): Diagnostic[] {
  return lintText(text, 'w.yaml', opts);
}

/** Wraps template YAML (indented by 2, as list items) into a minimal Workflow with entrypoint `main`. */
export function workflow(templates: string, extraSpec = ''): string {
  return `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: test-\nspec:\n  entrypoint: main\n${extraSpec}  templates:\n${templates}`;
}
