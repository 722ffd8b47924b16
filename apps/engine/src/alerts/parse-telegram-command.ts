export interface TelegramCommand {
  /** Lower case, without the slash or a `@BotName` suffix: `status`, `flatten`. */
  readonly name: string;
  readonly args: readonly string[];
  /** Everything after the command, trimmed: a free-text reason. */
  readonly rest: string;
}

const COMMAND = /^\/([A-Za-z][A-Za-z0-9_]*)(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/;

/** `/flatten@KavachBot CONFIRM 1234` → { name: 'flatten', args: ['CONFIRM', '1234'] }; null for plain text. */
export function parseTelegramCommand(text: string): TelegramCommand | null {
  const match = COMMAND.exec(text.trim());
  if (match === null) return null;
  const rest = (match[2] ?? '').trim();
  return {
    name: (match[1] ?? '').toLowerCase(),
    args: rest === '' ? [] : rest.split(/\s+/),
    rest,
  };
}
