/**
 * Recursive-descent parser of the segment rule language (grammar in docs/customers.md):
 *
 *   rule      := or END
 *   or        := and ("OR" and)*
 *   and       := unary ("AND" unary)*
 *   unary     := "NOT" unary | "(" or ")" | condition
 *   condition := field ("=" | "!=" | "<" | "<=" | ">" | ">=") value
 *              | field ["NOT"] "IN" "(" value ("," value)* ")"
 *   value     := number | string
 *
 * AND binds tighter than OR. Fields and values are checked against the profile's fields while parsing, so
 * every error points at the token that is wrong and says what would have been accepted there.
 */
import { closestName, FIELD_NAMES, FIELDS, type FieldDefinition } from "./fields.ts";
import { lineAndColumn, ruleError, tokenize, type RuleError, type Token } from "./lexer.ts";

export type ComparisonOperator = "=" | "!=" | "<" | "<=" | ">" | ">=";

export interface Span {
  offset: number;
  length: number;
}

export type RuleNode =
  | { kind: "and" | "or"; left: RuleNode; right: RuleNode; span: Span }
  | { kind: "not"; operand: RuleNode; span: Span }
  | { kind: "compare"; field: string; operator: ComparisonOperator; value: number | string; span: Span }
  | { kind: "in"; field: string; negated: boolean; values: (number | string)[]; span: Span };

export type ParseResult = { ok: true; rule: RuleNode; source: string } | { ok: false; error: RuleError };

const COMPARISONS = ["=", "!=", "<", "<=", ">", ">="];

class ParseFailure {
  constructor(readonly error: RuleError) {}
}

function describe(token: Token): string {
  if (token.kind === "end") return "end of rule";
  if (token.kind === "string") return JSON.stringify(token.text);
  return token.text;
}

class Parser {
  private position = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.position];
  }

  private next(): Token {
    return this.tokens[this.position++];
  }

  private fail(token: Token, message: string, expected: string[]): never {
    throw new ParseFailure(ruleError(this.source, token.offset, message, expected, describe(token)));
  }

  private spanFrom(start: number): Span {
    const last = this.tokens[this.position - 1];
    return { offset: start, length: last.offset + last.length - start };
  }

  parseRule(): RuleNode {
    if (this.peek().kind === "end")
      this.fail(this.peek(), "the rule is empty", ["a condition such as orders >= 3"]);
    const rule = this.parseOr();
    const token = this.peek();
    if (token.kind !== "end") {
      this.fail(
        token,
        token.kind === ")" ? `this ")" has no matching "("` : `expected AND or OR before ${describe(token)}`,
        ["AND", "OR", "end of rule"],
      );
    }
    return rule;
  }

  private parseOr(): RuleNode {
    const start = this.peek().offset;
    let left = this.parseAnd();
    while (this.peek().kind === "or") {
      this.next();
      const right = this.parseAnd();
      left = { kind: "or", left, right, span: this.spanFrom(start) };
    }
    return left;
  }

  private parseAnd(): RuleNode {
    const start = this.peek().offset;
    let left = this.parseUnary();
    while (this.peek().kind === "and") {
      this.next();
      const right = this.parseUnary();
      left = { kind: "and", left, right, span: this.spanFrom(start) };
    }
    return left;
  }

  private parseUnary(): RuleNode {
    const token = this.peek();
    if (token.kind === "not") {
      this.next();
      const operand = this.parseUnary();
      return { kind: "not", operand, span: this.spanFrom(token.offset) };
    }
    if (token.kind === "(") {
      this.next();
      const inner = this.parseOr();
      const close = this.peek();
      if (close.kind !== ")") {
        const at = lineAndColumn(this.source, token.offset);
        this.fail(close, `expected ")" to close the "(" at line ${at.line}, column ${at.column}`, [
          ")",
          "AND",
          "OR",
        ]);
      }
      this.next();
      return inner;
    }
    return this.parseCondition();
  }

  private parseField(): FieldDefinition {
    const token = this.next();
    if (token.kind !== "identifier") {
      this.fail(token, `expected a field name, found ${describe(token)}`, ["a field name", "NOT", "("]);
    }
    const field = FIELDS.get(token.text.toLowerCase());
    if (!field) {
      const guess = closestName(token.text, FIELD_NAMES);
      this.fail(token, `unknown field "${token.text}"${guess ? ` (did you mean "${guess}"?)` : ""}`, [
        ...FIELD_NAMES,
      ]);
    }
    return field;
  }

  private parseValue(field: FieldDefinition): number | string {
    const token = this.next();
    if (field.type === "number") {
      if (token.kind !== "number") {
        this.fail(
          token,
          `${field.name} is a number, so the value must be a number; found ${describe(token)}`,
          ["a number"],
        );
      }
      return Number(token.text);
    }
    if (token.kind !== "string") {
      const hint = token.kind === "identifier" ? ` (put text in quotes: "${token.text}")` : "";
      this.fail(token, `${field.name} takes a quoted text value; found ${describe(token)}${hint}`, [
        "a quoted text value",
      ]);
    }
    if (field.type === "enum") {
      const values = field.values ?? [];
      const canonical = values.find((v) => v.toLowerCase() === token.text.toLowerCase());
      if (canonical === undefined) {
        const guess = closestName(token.text, values);
        this.fail(
          token,
          `"${token.text}" is not a value of ${field.name}${guess ? ` (did you mean "${guess}"?)` : ""}`,
          values.map((v) => JSON.stringify(v)),
        );
      }
      return canonical;
    }
    return token.text;
  }

  private parseCondition(): RuleNode {
    const start = this.peek().offset;
    const field = this.parseField();
    let token = this.peek();
    let negated = false;
    if (token.kind === "not") {
      this.next();
      negated = true;
      token = this.peek();
      if (token.kind !== "in") this.fail(token, `expected IN after ${field.name} NOT`, ["IN"]);
    }
    if (token.kind === "in") {
      this.next();
      const open = this.next();
      if (open.kind !== "(") this.fail(open, `expected "(" to open the list of values after IN`, ["("]);
      const values = [this.parseValue(field)];
      while (this.peek().kind === ",") {
        this.next();
        values.push(this.parseValue(field));
      }
      const close = this.next();
      if (close.kind !== ")") this.fail(close, `expected "," or ")" in the list of values`, [",", ")"]);
      return { kind: "in", field: field.name, negated, values, span: this.spanFrom(start) };
    }
    const operators = field.type === "number" ? COMPARISONS : ["=", "!="];
    if (token.kind !== "operator") {
      this.fail(token, `expected a comparison after ${field.name}`, [...operators, "IN", "NOT IN"]);
    }
    if (!operators.includes(token.text)) {
      this.fail(token, `${field.name} is text: compare it with = or != or IN, not ${token.text}`, [
        ...operators,
        "IN",
        "NOT IN",
      ]);
    }
    this.next();
    const value = this.parseValue(field);
    return {
      kind: "compare",
      field: field.name,
      operator: token.text as ComparisonOperator,
      value,
      span: this.spanFrom(start),
    };
  }
}

/**
 * Parses a segment rule into an AST, or returns the first error with its position and what was expected.
 * @example
 * parseRule('orders >= 3 AND days_since_last_order > 90 AND tag = "wholesale"'); // { ok: true, rule: { kind: "and", ... } }
 * parseRule("orders >= AND"); // { ok: false, error: { column: 11, message: "orders is a number, ...", expected: ["a number"] } }
 */
export function parseRule(source: string): ParseResult {
  const lexed = tokenize(source);
  if (!lexed.ok) return lexed;
  try {
    return { ok: true, rule: new Parser(source, lexed.tokens).parseRule(), source };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, error: e.error };
    throw e;
  }
}

/** Writes a value as it is written in a rule. */
export function formatValue(value: number | string): string {
  return typeof value === "number" ? String(value) : JSON.stringify(value);
}

/** Canonical text of a rule (keywords upper case, text in double quotes, minimal parentheses). */
export function formatRule(node: RuleNode): string {
  switch (node.kind) {
    case "compare":
      return `${node.field} ${node.operator} ${formatValue(node.value)}`;
    case "in":
      return `${node.field} ${node.negated ? "NOT IN" : "IN"} (${node.values.map(formatValue).join(", ")})`;
    case "not":
      return `NOT ${node.operand.kind === "and" || node.operand.kind === "or" ? `(${formatRule(node.operand)})` : formatRule(node.operand)}`;
    case "and":
      return [node.left, node.right]
        .map((n) => (n.kind === "or" ? `(${formatRule(n)})` : formatRule(n)))
        .join(" AND ");
    case "or":
      return `${formatRule(node.left)} OR ${formatRule(node.right)}`;
  }
}
