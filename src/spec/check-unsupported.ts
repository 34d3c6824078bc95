import type { Check } from './lint-context.js';
import { REMOTE_STORES, UNSUPPORTED_FEATURES } from './unsupported-features.js';

/** Reports every use of an Argo feature Keyflow cannot run yet: severity `unsupported`, message `<feature> (<why>)`. */
export const checkUnsupported: Check = (ctx) => {
  if (!ctx.site) return;
  for (const rule of UNSUPPORTED_FEATURES) {
    for (const path of rule.find(ctx)) {
      const last = path[path.length - 1];
      const store = rule.feature.endsWith('store') && (REMOTE_STORES as readonly unknown[]).includes(last) ? ` ${String(last)}` : '';
      ctx.report('unsupported', 'unsupported-feature', path, `${rule.feature}${store} (${rule.reason})`, 'key');
    }
  }
};
