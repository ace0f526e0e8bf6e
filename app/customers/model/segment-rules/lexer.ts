/**
 * Tokens of the segment rule language. Every token keeps its offset in the rule text so that the parser
 * and the evaluator can point at it.
 */

export type TokenKind =
  "identifier" | "number" | "string" | "operator" | "and" | "or" | "not" | "in" | "(" | ")" | "," | "end";

export interface Token {
  kind: TokenKind;
  /** The token as written (for a string: its value without quotes and escapes). */
  text: string;
  /** 0-based offset of the token's first character, and its length in the source. */
  offset: number;
  length: number;
}

export interface RuleError {
  message: string;
  /** 0-based offset into the rule text. */
  offset: number;
  /** 1-based line and column, for people. */
  line: number;
  column: number;
  /** What would have been accepted at this point. */
  expected: string[];
  /** What was found there instead ("end of rule" at the end). */
  found: string;
}

const KEYWORDS: Record<string, TokenKind> = { and: "and", or: "or", not: "not", in: "in" };

/** Line and column (1-based) of an offset. */
export function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === "\n") {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { line, column };
}

export function ruleError(
  source: string,
  offset: number,
  message: string,
  expected: string[],
  found: string,
): RuleError {
  return { message, offset, ...lineAndColumn(source, offset), expected, found };
}

/**
 * Splits a rule into tokens. Keywords are case-insensitive; strings take double or single quotes with
 * backslash escapes; numbers may have a sign, decimals and an exponent.
 */
export function tokenize(source: string): { ok: true; tokens: Token[] } | { ok: false; error: RuleError } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === "(" || ch === ")" || ch === ",") {
      tokens.push({ kind: ch, text: ch, offset: start, length: 1 });
      i++;
    } else if (ch === "<" || ch === ">" || ch === "=" || ch === "!") {
      const two = source.slice(i, i + 2);
      const op = two === "<=" || two === ">=" || two === "!=" || two === "==" ? two : ch;
      if (op === "!") {
        return {
          ok: false,
          error: ruleError(
            source,
            start,
            `"!" must be followed by "=" (write != for "not equal")`,
            ["!="],
            "!",
          ),
        };
      }
      tokens.push({ kind: "operator", text: op === "==" ? "=" : op, offset: start, length: op.length });
      i += op.length;
    } else if (ch === '"' || ch === "'") {
      let value = "";
      i++;
      while (i < source.length && source[i] !== ch) {
        if (source[i] === "\\" && i + 1 < source.length) i++;
        value += source[i];
        i++;
      }
      if (i >= source.length) {
        return {
          ok: false,
          error: ruleError(
            source,
            start,
            `the text starting here is never closed with ${ch}`,
            [ch],
            "end of rule",
          ),
        };
      }
      i++;
      tokens.push({ kind: "string", text: value, offset: start, length: i - start });
    } else if (/[0-9.]/.test(ch) || ((ch === "-" || ch === "+") && /[0-9.]/.test(source[i + 1] ?? ""))) {
      const match = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(source.slice(i));
      if (!match)
        return { ok: false, error: ruleError(source, start, "this is not a number", ["a number"], ch) };
      tokens.push({ kind: "number", text: match[0], offset: start, length: match[0].length });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i)) as RegExpExecArray;
      const word = match[0];
      tokens.push({
        kind: KEYWORDS[word.toLowerCase()] ?? "identifier",
        text: word,
        offset: start,
        length: word.length,
      });
      i += word.length;
    } else {
      return {
        ok: false,
        error: ruleError(
          source,
          start,
          `unexpected character ${JSON.stringify(ch)}`,
          ["a field name", "a value", "an operator", "(", ")"],
          ch,
        ),
      };
    }
  }
  tokens.push({ kind: "end", text: "", offset: source.length, length: 0 });
  return { ok: true, tokens };
}
