/** The subset of Slack's message payload this output sends (incoming webhook, NOTES.md §1a). */

export interface TextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
}

export interface SectionBlock {
  type: 'section';
  text?: TextObject;
  fields?: TextObject[];
}

export interface ContextBlock {
  type: 'context';
  elements: TextObject[];
}

export interface ActionsBlock {
  type: 'actions';
  elements: { type: 'button'; text: TextObject; url: string }[];
}

export type Block = SectionBlock | ContextBlock | ActionsBlock;

/** A legacy attachment: the only way to get the coloured side bar; it carries the blocks. */
export interface Attachment {
  color: string;
  /** Plain-text summary where the blocks cannot be shown. */
  fallback: string;
  blocks: Block[];
}

export interface SlackMessage {
  /** The headline above the attachment; also the notification text. */
  text: string;
  channel?: string;
  username?: string;
  icon_url?: string;
  attachments: [Attachment];
}
