/** The segment rule language: parse a rule, evaluate it over profiles, render it for Shopify. */
export { FIELDS, FIELD_NAMES, type FieldDefinition, type FieldType } from "./fields.ts";
export { tokenize, type RuleError, type Token } from "./lexer.ts";
export { formatRule, parseRule, type ComparisonOperator, type ParseResult, type RuleNode } from "./parser.ts";
export { evaluateRule, selectSegment, type Evaluation, type SegmentMember } from "./evaluate.ts";
export { toShopifySegmentQuery } from "./shopify.ts";
