/** One entry of the error-code table: HTTP status and a message in both languages. */
export interface ErrorCodeDef {
  status: number;
  zh: string;
  en: string;
}

/** Keeps the literal keys of a section while checking each entry's shape. */
export function defineErrorCodes<const T extends Record<string, ErrorCodeDef>>(codes: T): T {
  return codes;
}
