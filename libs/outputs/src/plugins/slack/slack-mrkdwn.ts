import { truncate } from './truncate.js';

/**
 * Slack's control characters. Event values come from whoever caused the event: unescaped, a file
 * named `<!channel>` would notify a whole channel and `<https://evil|docs>` would hide a link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Escaped mrkdwn cut to `max` characters. */
export function mrkdwn(text: string, max: number): string {
  return truncate(text, max, escapeMrkdwn);
}

/** A preformatted block (no formatting, no links inside), `max` characters in all. */
export function codeBlock(text: string, max: number): string {
  // A ``` inside would close the block early; a zero-width space keeps it visible but inert.
  const inert = text.replace(/```/g, '`\u200b`\u200b`');
  return '```' + mrkdwn(inert, max - 6) + '```';
}

/** A value as inline code when it can be (no backtick, no line break), else as escaped text. */
export function inlineValue(text: string, max: number): string {
  if (/[`\n\r]/.test(text)) return mrkdwn(text, max);
  return '`' + mrkdwn(text, max - 2) + '`';
}
