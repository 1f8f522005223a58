import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { compileTenantSchema, createTenantAjv, toProblems, type Locale } from '../../schemas/ajv.js';
import type { customFieldRecords } from '../../schemas/config/tenant-manifest.schema.js';
import { AppError } from '../../schemas/errors/app-error.js';
import type { Tenant } from '../entities/index.js';

type CustomFieldRecord = (typeof customFieldRecords)[number];

let customAjv: Ajv | undefined;
/** Compiled per declaration text: a deploy that changes the declaration changes the key. */
const compiled = new Map<string, ValidateFunction>();

/**
 * Checks a record's custom fields against the tenant's declaration (manifest `customFields`).
 * A record the tenant declares nothing for accepts no custom fields.
 */
export function checkCustomFields(tenant: Tenant, record: CustomFieldRecord, values: Record<string, unknown>, locale: Locale): void {
  const declaration = tenant.settings?.customFields?.[record] ?? { type: 'object', additionalProperties: false, properties: {} };
  const key = JSON.stringify(declaration);
  let validate = compiled.get(key);
  if (!validate) {
    customAjv ??= createTenantAjv();
    validate = compileTenantSchema(customAjv, declaration, `/customFields/${record}`);
    if (compiled.size > 200) compiled.clear();
    compiled.set(key, validate);
  }
  if (!validate(values)) {
    throw new AppError('CFG_ERR_CUSTOM_FIELDS_INVALID', {
      problems: toProblems(validate.errors, locale, '/customFields').map((p) => ({ in: 'body' as const, ...p })),
    });
  }
}
