import { describe, expect, it } from 'vitest';
import { SlackConfigSchema } from './slack.config.js';

const url = 'https://hooks.slack.com/services/T00000000/B00000000/placeholder';

describe('SlackConfigSchema', () => {
  it('needs only the webhook URL; the rest has defaults', () => {
    expect(SlackConfigSchema.parse({ webhookUrl: url })).toEqual({
      webhookUrl: url,
      headers: {},
      outputFormat: 'all',
    });
  });

  it('refuses a misspelt key, a bad format, a non-http URL and a bad template', () => {
    for (const bad of [
      { webhookURL: url },
      { webhookUrl: url, outputFormat: 'facts' },
      { webhookUrl: 'ftp://hooks.slack.com/x' },
      { webhookUrl: url, icon: 'javascript:alert(1)' },
      { webhookUrl: url, messageFormat: '{{ .Secret }}' },
      { webhookUrl: url, headers: { 'X-A': 'a\r\nInjected: 1' } },
      { webhookUrl: url, headers: { 'Content-Type': 'text/plain' } },
    ]) {
      expect(SlackConfigSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('never echoes the webhook URL (a credential) in its errors', () => {
    const secret = 'https://hooks.slack.com/services/T0/B0/very-secret-token';
    const result = SlackConfigSchema.safeParse({ webhookUrl: secret, outputFormat: 'nope' });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error)).not.toContain('very-secret-token');
  });
});
