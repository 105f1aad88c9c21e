/**
 * Text from files (a garbled CelebA list, a model's layer names, an archive's entry names) reaches the
 * user's terminal inside error and note lines. Control characters in it could move the cursor, rewrite
 * earlier lines or change the terminal's state (ANSI escape injection), so every line the CLI prints
 * about data shows them escaped: C0 controls, DEL, C1 controls and bidirectional overrides become
 * visible `\xNN` / `\u{NNNN}` text. Tabs stay; the line is one line.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this regex's purpose
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}
