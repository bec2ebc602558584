/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests:
 * it throws on any line a Prometheus server would refuse, so that a test that reads the
 * metrics also proves they can be scraped.
 */

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  readonly name: string;
  readonly type: string;
  readonly help: string;
  readonly samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`);
const SUFFIXES: Record<string, readonly string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

export function parseExposition(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('exposition must end with a line feed');
  const families = new Map<string, Family>();
  let current: Family | undefined;
  for (const [index, line] of text.split('\n').entries()) {
    const where = `line ${index + 1}: ${JSON.stringify(line)}`;
    if (line === '') continue;
    if (line.startsWith('#')) {
      const meta = new RegExp(`^# (HELP|TYPE) (${NAME}) (.*)$`).exec(line);
      if (!meta) continue; // a plain comment
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`${where}: unknown type`);
        if (families.get(name)?.samples.length) throw new Error(`${where}: TYPE after samples`);
      }
      current = families.get(name) ?? { name, type: 'untyped', help: '', samples: [] };
      families.set(name, kind === 'TYPE' ? { ...current, type: rest } : { ...current, help: rest });
      current = families.get(name);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`${where}: not a sample`);
    const [, name, labelText, valueText] = match as unknown as [string, string, string | undefined, string];
    const family = familyOf(families, name);
    if (!family) throw new Error(`${where}: sample of an undeclared family`);
    if (current && family !== current) throw new Error(`${where}: samples of ${family.name} are not grouped`);
    family.samples.push({ name, labels: parseLabels(labelText ?? '', where), value: parseValue(valueText, where) });
  }
  return families;
}

function familyOf(families: Map<string, Family>, name: string): Family | undefined {
  const exact = families.get(name);
  if (exact && !SUFFIXES[exact.type]) return exact;
  for (const family of families.values()) {
    const suffixes = SUFFIXES[family.type];
    if (suffixes?.some((suffix) => name === family.name + suffix)) return family;
  }
  return exact && !SUFFIXES[exact.type] ? exact : undefined;
}

function parseLabels(text: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let at = 0;
  while (at < text.length) {
    const equals = text.indexOf('="', at);
    if (equals < 0) throw new Error(`${where}: bad labels`);
    const name = text.slice(at, equals);
    if (!LABEL_NAME.test(name) || name in labels) throw new Error(`${where}: bad or repeated label name ${name}`);
    let value = '';
    let i = equals + 2;
    for (; i < text.length && text[i] !== '"'; i++) {
      if (text[i] === '\\') {
        const escaped = text[++i];
        if (escaped === 'n') value += '\n';
        else if (escaped === '\\' || escaped === '"') value += escaped;
        else throw new Error(`${where}: bad escape`);
      } else value += text[i];
    }
    if (text[i] !== '"') throw new Error(`${where}: unterminated label value`);
    labels[name] = value;
    at = i + 1;
    if (at < text.length) {
      if (text[at] !== ',') throw new Error(`${where}: labels must be separated by commas`);
      at++;
    }
  }
  return labels;
}

function parseValue(text: string, where: string): number {
  // Prometheus reads values with Go's strconv.ParseFloat, which ignores the case of NaN
  // and Inf (prom-client writes "Nan").
  if (/^nan$/i.test(text)) return Number.NaN;
  if (/^\+?inf$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-inf$/i.test(text)) return Number.NEGATIVE_INFINITY;
  if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(text)) throw new Error(`${where}: bad value`);
  return Number(text);
}

/** The value of the one sample of `name` whose labels include `labels`. */
export function sampleValue(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const family of families.values()) {
    for (const sample of family.samples) {
      if (sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value)) return sample.value;
    }
  }
  return undefined;
}
