// Text a person typed: no control characters (NUL, escapes, line breaks) and no lone UTF-16 surrogates, which
// stores would silently replace (so a retry of the same request would no longer look the same).
const CONTROL = /\p{Cc}/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isPlainText(value: string): boolean {
  return !CONTROL.test(value) && !LONE_SURROGATE.test(value);
}
