import { readFile } from 'node:fs/promises';
import { canonicalJson, configSha } from '@kavach/domain';
import { parseDocument } from 'yaml';
import { checkTradingConfigFile } from './trading-config-checks';
import { convertTradingConfigFile } from './trading-config-convert';
import { formatSchemaIssues } from './trading-config-errors';
import { tradingConfigFileSchema } from './trading-config-schema';
import type { TradingConfigResult } from './trading-config-types';

/**
 * A config value already read from YAML or JSON: validated, converted to the domain's units,
 * checked as a whole, and identified by the SHA of its canonical JSON. The SHA is taken over
 * the parsed config, not the file's bytes, so reformatting or re-commenting the file keeps it
 * while any change of an effective value (a default included) changes it.
 */
export function buildTradingConfig(value: unknown): TradingConfigResult {
  // An empty file (or one holding only comments) is the all-defaults config.
  const parsed = tradingConfigFileSchema.safeParse(value ?? {});
  if (!parsed.success) return { ok: false, errors: formatSchemaIssues(parsed.error.issues) };
  const config = convertTradingConfigFile(parsed.data);
  const problems = checkTradingConfigFile(parsed.data, config.risk);
  if (problems.length > 0) return { ok: false, errors: problems };
  const text = canonicalJson(config);
  return { ok: true, config, sha: configSha(config), canonicalJson: text, file: parsed.data };
}

/** YAML text (JSON is YAML too). Syntax errors and duplicate keys name their line. */
export function parseTradingConfig(text: string): TradingConfigResult {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return { ok: false, errors: document.errors.map((error) => `(syntax): ${error.message}`) };
  }
  return buildTradingConfig(document.toJS({ maxAliasCount: 100 }));
}

/** Read and parse the trading config file; a missing or unreadable file is an error result. */
export async function loadTradingConfig(path: string): Promise<TradingConfigResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [`(file): cannot read ${path}: ${reason}`] };
  }
  return parseTradingConfig(text);
}
