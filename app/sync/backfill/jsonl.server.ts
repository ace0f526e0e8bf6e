/**
 * Streams a bulk operation's JSONL result line by line, never holding the file: results reach gigabytes.
 * Every complete line received is handed over before a broken connection is reported, so an import can
 * commit what arrived and resume from there.
 */

export class BulkResultUnavailableError extends Error {
  override name = "BulkResultUnavailableError";
}

/** Yields each line with its 1-based number, starting after `skipLines` lines (resuming an import). */
export async function* readJsonl(
  url: string,
  options: { skipLines?: number; fetch?: typeof fetch } = {},
): AsyncGenerator<{ line: number; text: string }> {
  const response = await (options.fetch ?? fetch)(url);
  if (!response.ok || !response.body) {
    throw new BulkResultUnavailableError(`the bulk result could not be downloaded (HTTP ${response.status})`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const skip = options.skipLines ?? 0;
  let line = 0;
  let rest = "";
  for (;;) {
    const { done, value } = await reader.read();
    const text = done ? rest : rest + value;
    const lines = text.split("\n");
    rest = done ? "" : (lines.pop() ?? "");
    for (const candidate of lines) {
      line++;
      if (line > skip && candidate.trim() !== "") yield { line, text: candidate };
    }
    if (done) return;
  }
}
