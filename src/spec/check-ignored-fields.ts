import type { Check } from './lint-context.js';
import { objAt } from './read-values.js';

/**
 * Kubernetes scheduling and pod fields that have no meaning for host processes. They are valid and
 * harmless, so they are reported as info (visible with --verbose or in JSON), never as problems.
 * Container-level ones (resources, imagePullPolicy, probes) are too common to mention at all.
 */
const SPEC_FIELDS = [
  'podGC', 'ttlStrategy', 'volumeClaimGC', 'podDisruptionBudget', 'podMetadata', 'podPriority', 'podPriorityClassName',
  'podSpecPatch', 'nodeSelector', 'affinity', 'tolerations', 'imagePullSecrets', 'hostNetwork', 'hostAliases',
  'dnsPolicy', 'dnsConfig', 'schedulerName', 'securityContext', 'executor', 'automountServiceAccountToken',
  'artifactGC', 'archiveLogs', 'priority', 'podResources', 'resourceClaims',
];
const TEMPLATE_FIELDS = [
  'podSpecPatch', 'nodeSelector', 'affinity', 'tolerations', 'schedulerName', 'priorityClassName', 'priority',
  'securityContext', 'executor', 'automountServiceAccountToken', 'hostAliases', 'podResources', 'resourceClaims',
];

export const checkIgnoredFields: Check = (ctx) => {
  const site = ctx.site;
  if (!site) return;
  for (const field of SPEC_FIELDS) {
    if (site.spec[field] != null) ctx.report('info', 'ignored-field', [...site.path, field], `${field} is Kubernetes-specific; Keyflow ignores it`, 'key');
  }
  for (const { template, path } of ctx.templates) {
    for (const field of TEMPLATE_FIELDS) {
      if (template[field] != null) ctx.report('info', 'ignored-field', [...path, field], `${field} is Kubernetes-specific; Keyflow ignores it`, 'key');
    }
    const archive = objAt(template['archiveLocation']);
    if (archive && archive['archiveLogs'] != null) {
      ctx.report('info', 'ignored-field', [...path, 'archiveLocation', 'archiveLogs'], 'archiveLogs: Keyflow always keeps task logs; the setting is ignored', 'key');
    }
  }
};
