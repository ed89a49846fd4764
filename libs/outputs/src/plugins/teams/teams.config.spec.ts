import { describe, expect, it } from 'vitest';
import { TeamsConfigSchema } from './teams.config.js';

const url =
  'https://example.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/0/triggers/manual/paths/invoke?api-version=1&sig=placeholder';

describe('TeamsConfigSchema', () => {
  it('needs only the webhook URL; Workflows and everything shown by default', () => {
    expect(TeamsConfigSchema.parse({ webhookUrl: url })).toEqual({
      webhookUrl: url,
      headers: {},
      mode: 'workflows',
      outputFormat: 'all',
    });
  });

  it('refuses a misspelt key, unknown mode or format, a non-http image, header injection', () => {
    for (const bad of [
      { webhookurl: url },
      { webhookUrl: url, mode: 'connector' },
      { webhookUrl: url, outputFormat: 'fields' },
      { webhookUrl: url, activityImage: 'data:image/png;base64,AAAA' },
      { webhookUrl: url, headers: { 'X-A': 'a\nB: c' } },
      { webhookUrl: url, headers: { 'content-type': 'text/plain' } },
    ]) {
      expect(TeamsConfigSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('never echoes the webhook URL (its sig is a credential) in its errors', () => {
    const result = TeamsConfigSchema.safeParse({ webhookUrl: `${url}&x=SECRETSIG`, mode: 'nope' });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error)).not.toContain('SECRETSIG');
  });
});
