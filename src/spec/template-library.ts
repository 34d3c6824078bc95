import { classifyManifest, specSiteOf, templatesByName } from './manifest-model.js';
import { isObj, objAt, strAt, type Obj } from './read-values.js';

/** A WorkflowTemplate or ClusterWorkflowTemplate found among the linted documents. */
export interface LibraryEntry {
  kind: 'WorkflowTemplate' | 'ClusterWorkflowTemplate';
  name: string;
  file: string;
  spec: Obj;
  templates: Map<string, Obj>;
}

/**
 * The (Cluster)WorkflowTemplates given to one lint run, so a templateRef or workflowTemplateRef in one
 * file can be checked against a template defined in another. Namespaces are not compared: files are
 * usually applied to one namespace, and a mismatch is the server's business.
 */
export interface TemplateLibrary {
  namespaced: Map<string, LibraryEntry>;
  cluster: Map<string, LibraryEntry>;
}

/** An empty library (validating one manifest in isolation: every ref is "not among the linted files"). */
export function emptyLibrary(): TemplateLibrary {
  return { namespaced: new Map(), cluster: new Map() };
}

/** Indexes the workflow templates among the given documents. */
export function buildLibrary(documents: ReadonlyArray<{ file: string; manifest: unknown }>): TemplateLibrary {
  const library = emptyLibrary();
  for (const { file, manifest } of documents) {
    if (!isObj(manifest)) continue;
    const cls = classifyManifest(manifest);
    if (cls.class !== 'workflow' || (cls.kind !== 'WorkflowTemplate' && cls.kind !== 'ClusterWorkflowTemplate')) continue;
    const name = strAt(objAt(manifest['metadata'])?.['name']);
    const site = specSiteOf(manifest, cls.kind);
    if (name === undefined || !site) continue;
    const map = cls.kind === 'ClusterWorkflowTemplate' ? library.cluster : library.namespaced;
    if (!map.has(name)) map.set(name, { kind: cls.kind, name, file, spec: site.spec, templates: templatesByName(site.spec) });
  }
  return library;
}
