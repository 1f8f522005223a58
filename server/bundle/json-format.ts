const WIDTH = 100;

/**
 * The one way bundle files are written (export, and the repository's own bundle): two-space
 * indentation, and any array or object whose one-line form fits within 100 columns kept on one
 * line. Deterministic, so export → deploy → export gives the same bytes.
 */
export function formatJson(value: unknown): string {
  return format(value, 0, 0) + '\n';
}

/** One line, with a space after `:` and `,` and inside braces: `{ "zh": "订单", "en": "Order" }`. */
function inlineForm(value: unknown): string {
  if (Array.isArray(value)) return value.length ? '[' + value.map(inlineForm).join(', ') + ']' : '[]';
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length ? '{ ' + entries.map(([k, v]) => JSON.stringify(k) + ': ' + inlineForm(v)).join(', ') + ' }' : '{}';
  }
  return JSON.stringify(value);
}

function format(value: unknown, indent: number, prefixWidth: number): string {
  const inline = inlineForm(value);
  if (value === null || typeof value !== 'object' || indent + prefixWidth + inline.length <= WIDTH) return inline;
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return '[\n' + value.map((v) => pad + format(v, indent + 2, 0)).join(',\n') + '\n' + ' '.repeat(indent) + ']';
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return '{\n' + entries.map(([k, v]) => {
    const key = JSON.stringify(k) + ': ';
    return pad + key + format(v, indent + 2, key.length);
  }).join(',\n') + '\n' + ' '.repeat(indent) + '}';
}
