import type { Check } from './lint-context.js';
import { checkKind } from './check-kind.js';
import { checkRequiredFields } from './check-required-fields.js';
import { checkFieldTypes, checkUnknownFields } from './check-field-schema.js';
import { checkTemplateFields } from './check-template-fields.js';
import { checkInvocationFields } from './check-invocation-fields.js';
import { checkOutputFields } from './check-output-fields.js';
import { checkNames } from './check-names.js';
import { checkDuplicateNames } from './check-duplicate-names.js';
import { checkTemplateRefs } from './check-template-refs.js';
import { checkDagDependencies } from './check-dag-dependencies.js';
import { checkCycles } from './check-cycles.js';
import { checkExpressions } from './check-expressions.js';
import { checkReferences } from './check-references.js';
import { checkRequiredInputs } from './check-required-inputs.js';
import { checkEnums } from './check-enums.js';
import { checkFixedValues } from './check-fixed-values.js';
import { checkCronSchedule } from './check-cron-schedule.js';
import { checkUnsupported } from './check-unsupported.js';
import { checkIgnoredFields } from './check-ignored-fields.js';

/**
 * The per-document checks, in the order they run (oidc-provider's pipeline table). Each check reads the
 * document and reports; none stops the others, so one run lists every problem.
 */
export const CHECKS: ReadonlyArray<readonly [name: string, check: Check]> = [
  ['kind',              checkKind],
  ['required-fields',   checkRequiredFields],
  ['field-types',       checkFieldTypes],
  ['unknown-fields',    checkUnknownFields],
  ['template-fields',   checkTemplateFields],
  ['invocation-fields', checkInvocationFields],
  ['output-fields',     checkOutputFields],
  ['names',             checkNames],
  ['duplicate-names',   checkDuplicateNames],
  ['template-refs',     checkTemplateRefs],
  ['dag-dependencies',  checkDagDependencies],
  ['cycles',            checkCycles],
  ['expressions',       checkExpressions],
  ['references',        checkReferences],
  ['required-inputs',   checkRequiredInputs],
  ['enums',             checkEnums],
  ['fixed-values',      checkFixedValues],
  ['cron-schedule',     checkCronSchedule],
  ['unsupported',       checkUnsupported],
  ['ignored-fields',    checkIgnoredFields],
];
