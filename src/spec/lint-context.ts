import type { Diagnostic, Path, RuleCode, Severity } from './diagnostic.js';
import type { Locator } from './locate-node.js';
import { makeDiagnostic } from './make-diagnostic.js';
import { classifyManifest, listTemplates, specSiteOf, templatesByName, type ManifestClass, type SpecSite, type TemplateSite } from './manifest-model.js';
import { objAt, strAt, type Obj } from './read-values.js';
import type { LibraryEntry, TemplateLibrary } from './template-library.js';

export interface LintOptions {
  /** A templateRef/workflowTemplateRef not among the linted files is an error instead of a warning. */
  strictRefs?: boolean;
}

/** What `spec.workflowTemplateRef` points at, when the spec has one. */
export type WorkflowRef = { status: 'found'; entry: LibraryEntry } | { status: 'external'; name: string; kind: string } | { status: 'dynamic' };

/** Everything a check needs about one document; checks only read it and call `report`. */
export interface LintContext {
  readonly file: string;
  readonly manifest: Obj;
  readonly cls: ManifestClass;
  /** The workflow spec (`spec`, or `spec.workflowSpec` of a CronWorkflow) when the kind has one. */
  readonly site: SpecSite | undefined;
  /** Top-level templates of the spec by name. */
  readonly local: Map<string, Obj>;
  /** Every template, named and inline. */
  readonly templates: readonly TemplateSite[];
  readonly workflowRef: WorkflowRef | undefined;
  readonly library: TemplateLibrary;
  readonly options: LintOptions;
  report(severity: Severity, code: RuleCode, path: Path, message: string, at?: 'key' | 'value'): void;
}

/** A check reads one document and reports what is wrong with it. */
export type Check = (ctx: LintContext) => void;

/** Builds the context of one document; diagnostics are appended to `sink`. */
export function createLintContext(input: {
  file: string; manifest: Obj; locate: Locator; library: TemplateLibrary; options: LintOptions; sink: Diagnostic[];
}): LintContext {
  const cls = classifyManifest(input.manifest);
  const site = cls.class === 'workflow' ? specSiteOf(input.manifest, cls.kind) : undefined;
  return {
    file: input.file,
    manifest: input.manifest,
    cls,
    site,
    local: site ? templatesByName(site.spec) : new Map(),
    templates: site ? listTemplates(site) : [],
    workflowRef: site ? resolveWorkflowRef(site.spec, input.library) : undefined,
    library: input.library,
    options: input.options,
    report(severity, code, path, message, at = 'value') {
      input.sink.push(makeDiagnostic(severity, code, message, input.file, input.locate(path, at), path));
    },
  };
}

function resolveWorkflowRef(spec: Obj, library: TemplateLibrary): WorkflowRef | undefined {
  const ref = objAt(spec['workflowTemplateRef']);
  const name = strAt(ref?.['name']);
  if (!ref || name === undefined) return undefined;
  if (name.includes('{{')) return { status: 'dynamic' };
  const cluster = ref['clusterScope'] === true;
  const entry = (cluster ? library.cluster : library.namespaced).get(name);
  if (entry) return { status: 'found', entry };
  return { status: 'external', name, kind: cluster ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate' };
}
