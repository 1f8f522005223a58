import { p } from '@mikro-orm/core';

/** Money: numeric(18,2), read and written as a decimal string ("58643.20"), never a float. */
export const money = () => p.decimal('string').precision(18).scale(2);
/** A rate as a decimal fraction (0.1376 = 13.76%): numeric(9,6). */
export const rate = () => p.decimal('string').precision(9).scale(6);
/** An ISO date (Asia/Shanghai), as the rule sets read dates. */
export const isoDate = () => p.string().length(10);
/**
 * The tenant's custom fields of this record (manifest `customFields.<record>`), checked on every
 * write. `default` is the column's DDL; a new row gets an empty object from `onCreate` (a runtime
 * default of '{}' would be stored as the JSON string "{}").
 */
export const customFields = () => p.json<Record<string, unknown>>().default('{}').onCreate(() => ({}));
