/**
 * The trading config (a nested JSON object, as config/trading.yaml writes it) as a flat form:
 * one text value per setting, keyed by its dotted path, and back. Numbers may be null ("not
 * set"); lists are one entry per line. Anything typed that is not a number is sent as typed,
 * so the engine names the field instead of the form guessing.
 */

export type FieldKind = 'number' | 'text' | 'boolean' | 'list';

export interface FormField {
  readonly path: string;
  readonly kind: FieldKind;
}

/** A nested group of fields, as the file groups them (risk, strategies.orb, …). */
export interface FormSection {
  readonly path: string;
  readonly fields: readonly FormField[];
  readonly sections: readonly FormSection[];
}

function kindOf(value: unknown): FieldKind | 'object' {
  if (value === null || typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'object';
  return 'text';
}

const join = (base: string, key: string) => (base === '' ? key : `${base}.${key}`);

/** The form's layout, from the config's own shape. */
export function layoutOf(config: Record<string, unknown>, path = ''): FormSection {
  const fields: FormField[] = [];
  const sections: FormSection[] = [];
  for (const [key, value] of Object.entries(config)) {
    const kind = kindOf(value);
    if (kind === 'object')
      sections.push(layoutOf(value as Record<string, unknown>, join(path, key)));
    else fields.push({ path: join(path, key), kind });
  }
  return { path, fields, sections };
}

/** Every setting's value as the form shows it. */
export function toFormValues(config: Record<string, unknown>, path = ''): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    const at = join(path, key);
    const kind = kindOf(value);
    if (kind === 'object')
      Object.assign(values, toFormValues(value as Record<string, unknown>, at));
    else if (kind === 'list') values[at] = (value as unknown[]).map(String).join('\n');
    else
      values[at] = typeof value === 'string' ? value : value === null ? '' : JSON.stringify(value);
  }
  return values;
}

function parseValue(kind: FieldKind, text: string): unknown {
  switch (kind) {
    case 'number': {
      const trimmed = text.trim();
      if (trimmed === '') return null;
      const number = Number(trimmed);
      return Number.isFinite(number) ? number : trimmed;
    }
    case 'boolean':
      return text === 'true';
    case 'list':
      return text
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
    case 'text':
      return text.trim();
  }
}

/** The config to send: the layout's shape, each setting parsed from its text. */
export function fromFormValues(
  layout: FormSection,
  values: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keyOf = (path: string) => path.slice(path.lastIndexOf('.') + 1);
  for (const field of layout.fields) {
    out[keyOf(field.path)] = parseValue(field.kind, values[field.path] ?? '');
  }
  for (const section of layout.sections) out[keyOf(section.path)] = fromFormValues(section, values);
  return out;
}

/** "maxOpenPositions" → "max open positions", "perTradeRiskPct" → "per trade risk (%)". */
export function labelOf(path: string): string {
  const key = path.slice(path.lastIndexOf('.') + 1);
  const unit = key.endsWith('Pct') ? ' (%)' : key.endsWith('Rupees') ? ' (₹)' : '';
  const words = key
    .replace(/(Pct|Rupees)$/, '')
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return `${words}${unit}`;
}
