/**
 * Text from a user's file (a garbled list line, a zip entry name) quoted inside a message: cut short and
 * escaped like JSON.stringify, which leaves DEL, C1 controls and bidirectional overrides as they are, so
 * those are escaped too. A message carrying it then shows no raw bytes in a terminal, the web app or a
 * report (issue 16: a garbled CelebA list echoed an ANSI escape into the user's terminal).
 */
const UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** At most `max` characters of `text` (then "…"), in double quotes, every control character escaped. */
export function quoteText(text: string, max = 60): string {
  const chars = [...text];
  const cut = chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
  return JSON.stringify(cut).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The same, unquoted: for a library's message that may carry such text (yauzl names a bad entry). */
export const escapeText = (text: string, max = 200): string => quoteText(text, max).slice(1, -1);

/** True when `text` holds a character quoteText would escape (a control, DEL or a bidi override). */
export function hasControlCharacters(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- see UNSAFE
  return /[\u0000-\u001f]/.test(text) || new RegExp(UNSAFE.source, 'u').test(text);
}
