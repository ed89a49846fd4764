/**
 * Slack publishes no JSON Schema for Block Kit (NOTES.md §0), so its documented limits
 * (NOTES.md §1a–1c) are encoded here, independently of the renderer's own constants, and every
 * rendered message is checked against them. `slackLimitViolations` returns what breaks a limit
 * (empty when the message is acceptable), so a failing test says which limit and where.
 */

const SECTION_TEXT_MAX = 3000;
const SECTION_FIELDS_MAX = 10;
const FIELD_TEXT_MAX = 2000;
const HEADER_TEXT_MAX = 150;
const CONTEXT_ELEMENTS_MAX = 10;
const ACTIONS_ELEMENTS_MAX = 25;
const BUTTON_TEXT_MAX = 75;
const BUTTON_URL_MAX = 3000;
const BLOCKS_MAX = 50;
const MESSAGE_TEXT_MAX = 40_000;
const ATTACHMENTS_MAX = 100;
const BLOCK_ID_MAX = 255;
/** `msg_blocks_too_long` was seen near 13k characters of block text (bolt-js#2509). */
const ALL_BLOCK_TEXT_MAX = 13_000;
const COLOR = /^(good|warning|danger|#[0-9a-fA-F]{6})$/;

type Json = Record<string, unknown>;

export function slackLimitViolations(message: unknown): string[] {
  const out: string[] = [];
  if (!isObject(message)) return ['message is not a JSON object'];
  const blocks = arrayAt(message, 'blocks', '', out);
  const attachments = arrayAt(message, 'attachments', '', out);
  if (typeof message['text'] === 'string') {
    if (message['text'].length > MESSAGE_TEXT_MAX) out.push(`text is over ${MESSAGE_TEXT_MAX}`);
  } else if (message['text'] !== undefined) {
    out.push('text is not a string');
  } else if (blocks.length === 0 && attachments.length === 0) {
    out.push('no text, blocks or attachments (no_text)');
  }
  if (attachments.length > ATTACHMENTS_MAX) out.push(`more than ${ATTACHMENTS_MAX} attachments`);

  // Counted together: Slack documents 50 per message and it is unclear whether attachments count.
  const all: { block: unknown; at: string }[] = blocks.map((block, i) => ({
    block,
    at: `blocks[${i}]`,
  }));
  attachments.forEach((a, i) => {
    const at = `attachments[${i}]`;
    if (!isObject(a)) return out.push(`${at} is not an object`);
    if (a['color'] !== undefined && (typeof a['color'] !== 'string' || !COLOR.test(a['color']))) {
      out.push(`${at}.color is not good|warning|danger|#RRGGBB`);
    }
    arrayAt(a, 'blocks', at, out).forEach((block, j) =>
      all.push({ block, at: `${at}.blocks[${j}]` }),
    );
  });
  if (all.length > BLOCKS_MAX) out.push(`${all.length} blocks, over ${BLOCKS_MAX}`);

  let textTotal = 0;
  const ids = new Set<string>();
  for (const { block, at } of all) textTotal += checkBlock(block, at, out, ids);
  if (textTotal > ALL_BLOCK_TEXT_MAX)
    out.push(`${textTotal} characters of block text (msg_blocks_too_long)`);
  return out;
}

function checkBlock(block: unknown, at: string, out: string[], ids: Set<string>): number {
  if (!isObject(block)) {
    out.push(`${at} is not an object`);
    return 0;
  }
  const id = block['block_id'];
  if (id !== undefined) {
    if (typeof id !== 'string' || id.length > BLOCK_ID_MAX) out.push(`${at}.block_id is too long`);
    else if (ids.has(id)) out.push(`${at}.block_id is not unique`);
    else ids.add(id);
  }
  switch (block['type']) {
    case 'section': {
      let n = 0;
      if (block['text'] === undefined && block['fields'] === undefined) {
        out.push(`${at} has neither text nor fields`);
      }
      if (block['text'] !== undefined)
        n += checkText(block['text'], `${at}.text`, SECTION_TEXT_MAX, out);
      const fields = arrayAt(block, 'fields', at, out);
      if (block['fields'] !== undefined && fields.length === 0) out.push(`${at}.fields is empty`);
      if (fields.length > SECTION_FIELDS_MAX) out.push(`${at} has ${fields.length} fields`);
      fields.forEach((f, i) => (n += checkText(f, `${at}.fields[${i}]`, FIELD_TEXT_MAX, out)));
      return n;
    }
    case 'header':
      return checkText(block['text'], `${at}.text`, HEADER_TEXT_MAX, out, ['plain_text']);
    case 'context': {
      const elements = arrayAt(block, 'elements', at, out);
      if (elements.length === 0 || elements.length > CONTEXT_ELEMENTS_MAX) {
        out.push(`${at} has ${elements.length} elements (1–${CONTEXT_ELEMENTS_MAX})`);
      }
      elements.forEach((e, i) => checkText(e, `${at}.elements[${i}]`, SECTION_TEXT_MAX, out));
      return 0;
    }
    case 'actions': {
      const elements = arrayAt(block, 'elements', at, out);
      if (elements.length === 0 || elements.length > ACTIONS_ELEMENTS_MAX) {
        out.push(`${at} has ${elements.length} elements (1–${ACTIONS_ELEMENTS_MAX})`);
      }
      elements.forEach((e, i) => checkButton(e, `${at}.elements[${i}]`, out));
      return 0;
    }
    case 'divider':
      return 0;
    default:
      out.push(`${at} has an unknown type ${String(block['type'])}`);
      return 0;
  }
}

function checkButton(button: unknown, at: string, out: string[]): void {
  if (!isObject(button) || button['type'] !== 'button') {
    out.push(`${at} is not a button`);
    return;
  }
  checkText(button['text'], `${at}.text`, BUTTON_TEXT_MAX, out, ['plain_text']);
  const url = button['url'];
  if (url !== undefined) {
    if (typeof url !== 'string' || url.length > BUTTON_URL_MAX || !/^https?:\/\//.test(url)) {
      out.push(`${at}.url is not an absolute http(s) URL of at most ${BUTTON_URL_MAX}`);
    }
  }
}

function checkText(
  value: unknown,
  at: string,
  max: number,
  out: string[],
  types = ['plain_text', 'mrkdwn'],
): number {
  if (!isObject(value) || typeof value['text'] !== 'string') {
    out.push(`${at} is not a text object`);
    return 0;
  }
  if (!types.includes(String(value['type']))) out.push(`${at}.type is not ${types.join('|')}`);
  const text = value['text'];
  if (text.length === 0) out.push(`${at} is empty`);
  if (text.length > max) out.push(`${at} has ${text.length} characters, over ${max}`);
  return text.length;
}

function arrayAt(obj: Json, key: string, at: string, out: string[]): unknown[] {
  const value = obj[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    out.push(`${at}.${key} is not an array`);
    return [];
  }
  return value;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
